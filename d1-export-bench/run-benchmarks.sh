#!/usr/bin/env bash
#
# run-benchmarks.sh: d1-export measured side by side with curl, sqlite3 (and wrangler when installed), in one run on
# one machine, printed as ONE markdown table (absolute numbers and ratios) with a machine line.
#
# Usage:
#   d1-export-bench/run-benchmarks.sh [--quick] [--targets 1,2,3,4,5,6] [--no-build] [--runs N] [--with-wrangler]
#
#   --quick          smaller inputs and fewer repetitions (256 MiB download, 200k rows, polls for N = 1 and 5 s,
#                    short JMH runs): about 4 minutes on 2 cores. The full run takes about 10 minutes (12 with
#                    --runs 5).
#   --targets LIST   which targets to run (default all):
#                    1 download  the CLI (launcher, -Xmx64m) fetching a 1 GiB dump from a loopback server vs curl -o on
#                                the same signed URL, from FakeD1Server (the verdict) and from a sendfile server: time
#                                ratio and the CLI's peak RSS (target >= 0.9x curl, <= 128 MiB); for comparison also
#                                curl -o followed by an fsync of the file, the CLI with --no-sync (no fsync, as
#                                curl -o), and plain java -Xmx64m -jar
#                    2 local     the CLI exporting d1:sqlite:<1M-row file> vs sqlite3 .dump (target <= 1.5x)
#                    3 polling   a server finishing N s after the first call (N = 1, 10, 60): requests made and the
#                                delay between the server finishing and the client noticing, default pacing
#                    4 junit     50 classes x 10 tests sharing one @D1Snapshot in parallel mode: exports (1 expected)
#                                and added time per test vs the same suite without the extension
#                    5 cli       --version and a small export through FakeD1Server: median wall time and peak RSS;
#                                the first export, which writes the launcher's class-data archive
#                    6 jmh       JMH micro-benchmarks of the value formatter (numbers, strings, blobs)
#                    With wrangler (see --with-wrangler), targets 1, 2 and 5 also time Cloudflare's CLI on the same
#                    input: `wrangler d1 export --remote` against the same FakeD1Server (1, 5) and
#                    `wrangler d1 export --local` of the same SQLite file (2, whose output is compared byte for byte).
#                    A wrangler failure drops its rows (with a message), never the run.
#   --no-build       use the jars already built (d1-export-cli/target/d1-export.jar, d1-export-bench/target/...)
#   --runs N         repetitions of each timed command (median reported); default 3 (target 5: 3x that)
#   --with-wrangler  opt-in: use wrangler@4 from d1-export-bench/target/wrangler, installing it there from the npm
#                    registry first if needed (needs node and npm); without it the wrangler rows are filled only when
#                    a `wrangler` is on the PATH or in that folder already
#
# "The CLI" is d1-export-cli/target/d1-export, the launcher the README uses, with JAVA_OPTS=-Xmx64m and its class-data
# archive in the work folder, written and checked by two small exports before the first measured run. Every Java
# started here is $JAVA_HOME/bin/java (JAVA_HOME is set from the java on the PATH when unset), the launcher's too.
#
# Timing: /usr/bin/time (GNU) for wall time and peak RSS of whole processes; commands of a pair run alternately and
# the median of the runs is reported. Work files go to d1-export-bench/target/bench-work (never committed).
# Builds (unless --no-build) with `mvn -B -q install -pl <modules> -DskipTests` and `package`, never `clean`.
#
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
QUICK=0
TARGETS="1,2,3,4,5,6"
BUILD=1
RUNS=3
WRANGLER_FETCH=0

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --targets) [ $# -ge 2 ] || { echo "run-benchmarks.sh: --targets needs a value (e.g. 1,5)" >&2; exit 2; }
                   TARGETS="$2"; shift ;;
        --targets=*) TARGETS="${1#*=}" ;;
        --no-build) BUILD=0 ;;
        --runs) [ $# -ge 2 ] || { echo "run-benchmarks.sh: --runs needs a positive number" >&2; exit 2; }
                RUNS="$2"; shift ;;
        --runs=*) RUNS="${1#*=}" ;;
        --with-wrangler) WRANGLER_FETCH=1 ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "run-benchmarks.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done
case "$RUNS" in ''|*[!0-9]*|0) echo "run-benchmarks.sh: --runs needs a positive number, got '$RUNS'" >&2; exit 2 ;; esac
for t in ${TARGETS//,/ }; do
    case "$t" in 1|2|3|4|5|6) ;; *) echo "run-benchmarks.sh: unknown target '$t' (1-6)" >&2; exit 2 ;; esac
done
want() { [[ ",$TARGETS," == *",$1,"* ]]; }

if [ "$QUICK" = 1 ]; then
    DOWNLOAD_MIB=256; ROWS=200000; POLL_SECONDS="1 5"; JUNIT_WARMUP=2; JUNIT_ROUNDS=5
    JMH_OPTS=(-wi 2 -w 1s -i 3 -r 1s -f 1)
else
    DOWNLOAD_MIB=1024; ROWS=1000000; POLL_SECONDS="1 10 60"; JUNIT_WARMUP=3; JUNIT_ROUNDS=10
    JMH_OPTS=(-wi 3 -w 2s -i 5 -r 2s -f 1)
fi
CLI_RUNS=$((RUNS * 3))

if [ -z "${JAVA_HOME:-}" ]; then
    JAVA_HOME=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
    export JAVA_HOME
fi
export PATH="$JAVA_HOME/bin:$PATH"
for tool in java sqlite3 curl /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "run-benchmarks.sh: '$tool' is needed" >&2; exit 2; }
done

WORK="$HERE/target/bench-work"
CLI_JAR="$ROOT/d1-export-cli/target/d1-export.jar"
LAUNCHER="$ROOT/d1-export-cli/target/d1-export"
BENCH_JAR="$HERE/target/d1-export-bench.jar"
ACCOUNT=0123456789abcdef0123456789abcdef
DATABASE=11111111-2222-3333-4444-555555555555
TOKEN=bench-token
SERVER_PIDS=()

log() { echo "[bench] $*" >&2; }
# The commit measured, "+dirty" when the working tree differs from it (the jars are built from the tree).
commit_id() {
    local id
    id=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) || { echo "commit unknown"; return; }
    git -C "$ROOT" diff --quiet HEAD -- 2>/dev/null || id="$id+dirty"
    echo "commit $id"
}

cleanup() {
    local pid
    for pid in "${SERVER_PIDS[@]:-}"; do
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT

# --- build -------------------------------------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
    log "building (install spi, sqlite, http, testkit, junit; package cli and bench)"
    (cd "$ROOT" && mvn -B -q install -N \
        && mvn -B -q install -pl d1-export-spi,d1-export-sqlite,d1-export-http,d1-export-testkit,d1-export-junit -DskipTests \
        && mvn -B -q package -pl d1-export-cli -DskipTests \
        && mvn -B -q package -pl d1-export-bench -DskipTests) >&2
fi
[ -f "$CLI_JAR" ] || { echo "run-benchmarks.sh: $CLI_JAR missing (run without --no-build)" >&2; exit 2; }
[ -x "$LAUNCHER" ] || { echo "run-benchmarks.sh: $LAUNCHER missing (run without --no-build)" >&2; exit 2; }
[ -f "$BENCH_JAR" ] || { echo "run-benchmarks.sh: $BENCH_JAR missing (run without --no-build)" >&2; exit 2; }

rm -rf "$WORK"
mkdir -p "$WORK"

# Cloudflare's CLI, when there is one: on the PATH, or installed by --with-wrangler into target/wrangler (run directly,
# not through npx, so that npx's own start-up and registry lookups are not counted as wrangler's).
WRANGLER_HOME="$HERE/target/wrangler"
WRANGLER=()
if [ "$WRANGLER_FETCH" = 1 ]; then
    if [ ! -x "$WRANGLER_HOME/node_modules/.bin/wrangler" ]; then
        command -v npm >/dev/null || { echo "run-benchmarks.sh: --with-wrangler needs node and npm" >&2; exit 2; }
        log "installing wrangler@4 into $WRANGLER_HOME"
        npm install --prefix "$WRANGLER_HOME" --no-audit --no-fund --silent wrangler@4 >&2 \
            || { echo "run-benchmarks.sh: npm could not install wrangler@4" >&2; exit 2; }
    fi
    WRANGLER=("$WRANGLER_HOME/node_modules/.bin/wrangler")
elif command -v wrangler >/dev/null 2>&1; then
    WRANGLER=("$(command -v wrangler)")
elif [ -x "$WRANGLER_HOME/node_modules/.bin/wrangler" ]; then
    WRANGLER=("$WRANGLER_HOME/node_modules/.bin/wrangler")
fi
WRANGLER_VERSION=""
if [ ${#WRANGLER[@]} -gt 0 ]; then
    # Also its warm-up: the first start reads node_modules from disk and runs wrangler's update check (cached).
    if WRANGLER_VERSION=$(WRANGLER_SEND_METRICS=false "${WRANGLER[@]}" --version 2>/dev/null | tail -1) \
        && [ -n "$WRANGLER_VERSION" ]; then
        log "wrangler $WRANGLER_VERSION: ${WRANGLER[*]}"
    else
        echo "run-benchmarks.sh: '${WRANGLER[*]} --version' failed; no wrangler rows" >&2
        WRANGLER=(); WRANGLER_VERSION=""
    fi
fi
# no_wrangler <what failed>: drops wrangler from the rest of the run; a wrangler failure never stops the benchmark.
no_wrangler() {
    echo "run-benchmarks.sh: wrangler failed ($1); its rows are left out" >&2
    WRANGLER=()
}
# Wrangler as a measured command: in an empty folder (so no wrangler config is read; it finds the fake server's
# database "bench" by name through the API), without usage reports. Callers add CLOUDFLARE_API_BASE_URL and
# CLOUDFLARE_ACCOUNT_ID (for --remote) before "${WRANGLER[@]}".
mkdir -p "$WORK/wrangler-remote"
WRANGLER_ENV=(env -C "$WORK/wrangler-remote" WRANGLER_SEND_METRICS=false CLOUDFLARE_API_TOKEN="$TOKEN")
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# --- helpers -----------------------------------------------------------------------------------------------------

# measure <name> <cmd...>: runs the command under /usr/bin/time; appends "wall_s rss_kib" to $WORK/<name>.times.
measure() {
    local name="$1"; shift
    local tf="$WORK/$name.time"
    if ! /usr/bin/time -f '%e %M' -o "$tf" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
        echo "run-benchmarks.sh: '$name' failed: $*" >&2
        tail -5 "$WORK/$name.err" >&2
        return 1
    fi
    tail -1 "$tf" >>"$WORK/$name.times"
}

# median <name> <column 1|2>: the median of the recorded runs.
median() {
    awk -v c="$2" '{print $c}' "$WORK/$1.times" | sort -g | awk '{v[NR]=$1} END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

calc() { awk "BEGIN { printf \"$1\", $2 }"; }
mib() { calc "%.0f" "$1 / 1024"; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "**missed**"; fi; }

# start_server <ready file> <cmd...>: starts a server in the background (pid in LAST_SERVER_PID), waits for the file.
start_server() {
    local ready="$1"; shift
    rm -f "$ready"
    "$@" >"$ready.log" 2>&1 &
    SERVER_PIDS+=("$!")
    LAST_SERVER_PID=$!
    local i
    for i in $(seq 1 100); do
        [ -s "$ready" ] && return 0
        kill -0 "$LAST_SERVER_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "run-benchmarks.sh: server did not start: $*" >&2
    cat "$ready.log" >&2
    return 1
}

stop_server() { kill "$LAST_SERVER_PID" 2>/dev/null || true; wait "$LAST_SERVER_PID" 2>/dev/null || true; }

ROWS_MD=()
row() { ROWS_MD+=("| $1 | $2 | $3 | $4 | $5 | $6 | $7 |"); }

export CLOUDFLARE_API_TOKEN="$TOKEN"
# The command as the README runs it: the launcher script (C1 JIT, Serial GC, class-data archive) with -Xmx64m. Its
# archive is written by the first export (priming below), as on a user's machine, into the work folder.
JAVA_CLI=(env JAVA_OPTS=-Xmx64m D1_EXPORT_CACHE="$WORK/cds" "$LAUNCHER")
# The same jar on the JVM's defaults, for comparison.
PLAIN_JAR=("$JAVA_HOME/bin/java" -Xmx64m -jar "$CLI_JAR")

# prime: two exports through the launcher: the first writes its class-data archive, the second checks it and moves it
# into place (both timed for target 5).
PRIMED=0
prime() {
    [ "$PRIMED" = 1 ] && return 0
    log "priming the launcher's class-data archive with two small exports"
    printf 'PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(a);\n' >"$WORK/prime.sql"
    start_server "$WORK/prime.port" java -Xmx64m -cp "$BENCH_JAR" dev.d1export.bench.BenchServerMain "$WORK/prime.sql" 0 "$WORK/prime.port"
    measure cli-first "${JAVA_CLI[@]}" export "d1:cloudflare://$ACCOUNT/$DATABASE?base-url=http://127.0.0.1:$(cat "$WORK/prime.port")/client/v4" -o "$WORK/prime.out.sql" -q
    measure cli-second "${JAVA_CLI[@]}" export "d1:cloudflare://$ACCOUNT/$DATABASE?base-url=http://127.0.0.1:$(cat "$WORK/prime.port")/client/v4" -o "$WORK/prime2.out.sql" -q
    stop_server
    PRIMED=1
}

# --- 1. download ---------------------------------------------------------------------------------------------------
if want 1; then
    prime
    log "1 download: generating a ${DOWNLOAD_MIB} MiB dump"
    # yes ends on SIGPIPE when head has enough; that is expected, not a failure. The provider checks that a
    # download opens as every D1 dump does.
    { printf 'PRAGMA defer_foreign_keys=TRUE;\n'; yes 'INSERT INTO "items" ("id","name","price","payload") VALUES(123456,'"'"'customer-123456 o'"''"'brien'"'"',12.34,X'"'"'5a07719da0a36dfa93a814da82897821'"'"');' || true; } \
        | head -c "$((DOWNLOAD_MIB * 1024 * 1024))" >"$WORK/big.sql"
    # download_pair <tag> <CLI url> <signed url> [<API base url> <account>]: curl, curl + fsync, the CLI, the CLI
    # --no-sync, the plain jar (and wrangler, given the API of a FakeD1Server), in turn. Each round starts at the next
    # command of the list, so that no command always follows the same one: on this kind of machine a run's speed
    # depends on what the run before it left behind (freed page cache that the host has reclaimed, blocks still being
    # discarded), and a fixed order would give one side that bias in every round.
    download_pair() {
        local tag="$1" cli_url="$2" signed_url="$3" i k
        # Read by download_one, which runs within this function (bash's dynamic scope).
        local WR_BASE="${4:-}" WR_ACCOUNT="${5:-}"
        local kinds=(curl curlsync cli clinosync jar)
        [ -n "$WR_BASE" ] && [ ${#WRANGLER[@]} -gt 0 ] && kinds+=(wrangler)
        local n=${#kinds[@]}
        for i in $(seq 1 "$RUNS"); do
            log "1 download ($tag): run $i/$RUNS"
            for k in $(seq 0 $((n - 1))); do
                local kind="${kinds[$(( (i - 1 + k) % n ))]}"
                [ "$kind" = wrangler ] && [ ${#WRANGLER[@]} -eq 0 ] && continue
                # Each command starts with no output file and the page cache's dirty data written out, so no run
                # pays for another's.
                rm -f "$WORK/dl-out.sql"; sync
                download_one "$tag" "$kind" "$cli_url" "$signed_url"
            done
            echo "$(tail -1 "$WORK/dl-$tag-curl.times" | cut -d' ' -f1) $(tail -1 "$WORK/dl-$tag-cli.times" | cut -d' ' -f1)" \
                >>"$WORK/dl-$tag-rounds"
        done
        rm -f "$WORK/dl-out.sql"
    }
    # download_one <tag> <kind> <CLI url> <signed url>: one timed download into $WORK/dl-out.sql, checked.
    download_one() {
        local tag="$1" kind="$2" cli_url="$3" signed_url="$4" out="$WORK/dl-out.sql"
        case "$kind" in
            curl) measure "dl-$tag-curl" curl -sf -o "$out" "$signed_url" ;;
            # The file made durable as the CLI makes it (GNU sync FILE: an fsync of that file).
            curlsync) measure "dl-$tag-curlsync" sh -c 'curl -sf -o "$1" "$2" && sync "$1"' sh "$out" "$signed_url" ;;
            cli) measure "dl-$tag-cli" "${JAVA_CLI[@]}" export "$cli_url" -o "$out" -q ;;
            # Without waiting for the disk (--no-sync), as curl -o does not.
            clinosync) measure "dl-$tag-clinosync" "${JAVA_CLI[@]}" export "$cli_url" -o "$out" -q --no-sync ;;
            jar) measure "dl-$tag-jar" "${PLAIN_JAR[@]}" export "$cli_url" -o "$out" -q ;;
            wrangler)
                measure "dl-$tag-wrangler" "${WRANGLER_ENV[@]}" CLOUDFLARE_API_BASE_URL="$WR_BASE" \
                    CLOUDFLARE_ACCOUNT_ID="$WR_ACCOUNT" "${WRANGLER[@]}" d1 export bench --remote --output "$out" \
                    || { no_wrangler "d1 export --remote"; return 0; }
                cmp -s "$out" "$WORK/big.sql" || { no_wrangler "its download differs"; rm -f "$WORK/dl-$tag-wrangler.times"; }
                return 0 ;;
        esac
        cmp -s "$out" "$WORK/big.sql" || { echo "run-benchmarks.sh: the $kind download differs" >&2; exit 1; }
    }
    download_rows() {
        local tag="$1" label="$2" goal="$3"
        local t_cli t_curl t_jar r_cli r_curl r_jar speed
        t_cli=$(median "dl-$tag-cli" 1); t_curl=$(median "dl-$tag-curl" 1); t_jar=$(median "dl-$tag-jar" 1)
        r_cli=$(median "dl-$tag-cli" 2); r_curl=$(median "dl-$tag-curl" 2); r_jar=$(median "dl-$tag-jar" 2)
        speed=$(calc "%.2f" "$t_curl / $t_cli")
        if [ "$goal" = 1 ]; then
            row "1 Download ${DOWNLOAD_MIB} MiB from $label (whole process, launcher)" "wall time, s" "$t_cli ($(calc "%.0f" "$DOWNLOAD_MIB / $t_cli") MiB/s)" \
                "curl -o: $t_curl ($(calc "%.0f" "$DOWNLOAD_MIB / $t_curl") MiB/s)" "${speed}x curl speed" ">= 0.9x" "$(verdict "$speed >= 0.9")"
            # The same comparison round by round (curl and the CLI of one round ran a few seconds apart).
            local met_rounds ratios
            ratios=$(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 / $2 }' "$WORK/dl-$tag-rounds")
            met_rounds=$(awk '$1 / $2 >= 0.9 { n++ } END { print n + 0 }' "$WORK/dl-$tag-rounds")
            row "1 Download ${DOWNLOAD_MIB} MiB from $label, round by round" "curl time / CLI time" "$ratios" "" \
                "$met_rounds of $(wc -l <"$WORK/dl-$tag-rounds") rounds >= 0.9x" "(spread, for comparison)" ""
            row "1 Download ${DOWNLOAD_MIB} MiB from $label (launcher)" "peak RSS, MiB (-Xmx64m)" "$(mib "$r_cli")" "curl: $(mib "$r_curl")" \
                "$(calc "%.1f" "$r_cli / $r_curl")x" "<= 128 MiB" "$(verdict "$r_cli <= 131072")"
        else
            row "1 Download ${DOWNLOAD_MIB} MiB from $label (launcher)" "wall time, s; peak RSS, MiB" \
                "$t_cli ($(calc "%.0f" "$DOWNLOAD_MIB / $t_cli") MiB/s); $(mib "$r_cli") MiB" "curl -o: $t_curl" \
                "${speed}x curl speed" "(for comparison)" ""
        fi
        local t_sync t_nosync
        t_sync=$(median "dl-$tag-curlsync" 1)
        t_nosync=$(median "dl-$tag-clinosync" 1)
        row "1 Download ${DOWNLOAD_MIB} MiB from $label (launcher) vs curl + fsync" "wall time, s" "$t_cli" \
            "curl -o && sync FILE: $t_sync" "$(calc "%.2f" "$t_sync / $t_cli")x" "(same durability, for comparison)" ""
        row "1 Download ${DOWNLOAD_MIB} MiB from $label (launcher, --no-sync)" "wall time, s" \
            "$t_nosync ($(calc "%.0f" "$DOWNLOAD_MIB / $t_nosync") MiB/s)" "curl -o: $t_curl" \
            "$(calc "%.2f" "$t_curl / $t_nosync")x curl speed" "(same durability, for comparison)" ""
        row "1 Download ${DOWNLOAD_MIB} MiB from $label (plain java -Xmx64m -jar)" "wall time, s; peak RSS, MiB" \
            "$t_jar ($(calc "%.0f" "$DOWNLOAD_MIB / $t_jar") MiB/s); $(mib "$r_jar") MiB" "curl -o: $t_curl" \
            "$(calc "%.2f" "$t_curl / $t_jar")x curl speed" "(for comparison)" ""
        if [ -s "$WORK/dl-$tag-wrangler.times" ]; then
            # wrangler does not fsync either: the --no-sync time is the like-for-like one.
            local t_wr r_wr
            t_wr=$(median "dl-$tag-wrangler" 1); r_wr=$(median "dl-$tag-wrangler" 2)
            row "1 Download ${DOWNLOAD_MIB} MiB from $label (launcher) vs wrangler $WRANGLER_VERSION" \
                "wall time, s; peak RSS, MiB" "$t_cli ($t_nosync with --no-sync); $(mib "$r_cli") MiB" \
                "wrangler d1 export --remote (no fsync): $t_wr ($(calc "%.2f" "$t_curl / $t_wr")x curl speed); $(mib "$r_wr") MiB" \
                "$(calc "%.2f" "$t_wr / $t_cli")x wrangler speed ($(calc "%.2f" "$t_wr / $t_nosync")x with --no-sync)" "(for comparison)" ""
        fi
    }

    # As the issue asks: FakeD1Server, serving the prepared dump for every export (FakeD1Server#serveDump).
    start_server "$WORK/big-fake.url" java -Xmx64m -cp "$BENCH_JAR" dev.d1export.bench.FakeServerMain \
        "$ROOT/examples/sample.sqlite" "$TOKEN" "$WORK/big-fake.url" "$WORK/big.sql"
    url=$(cat "$WORK/big-fake.url")
    fake_base=${url#*base-url=}
    fake_account=$(sed 's#d1:cloudflare://\([^/]*\)/.*#\1#' <<<"$url")
    signed=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
        -d '{"output_format":"polling"}' "$fake_base/accounts/$fake_account/d1/database/$DATABASE/export" \
        | sed 's/.*"signed_url":"\([^"]*\)".*/\1/')
    download_pair fake "$url" "$signed" "$fake_base" "$fake_account"
    stop_server

    # Also from a server that sends the file with sendfile (BenchServerMain), for comparison.
    start_server "$WORK/big.port" java -Xmx64m -cp "$BENCH_JAR" dev.d1export.bench.BenchServerMain "$WORK/big.sql" 0 "$WORK/big.port"
    base="http://127.0.0.1:$(cat "$WORK/big.port")/client/v4"
    signed=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"output_format":"polling"}' \
        "$base/accounts/$ACCOUNT/d1/database/$DATABASE/export" | sed 's/.*"signed_url":"\([^"]*\)".*/\1/')
    download_pair sendfile "d1:cloudflare://$ACCOUNT/$DATABASE?base-url=$base" "$signed"
    stop_server

    download_rows fake "FakeD1Server" 1
    download_rows sendfile "a sendfile server" 0
fi

# --- 2. local dump -------------------------------------------------------------------------------------------------
if want 2; then
    prime
    log "2 local: generating a SQLite file with $ROWS rows"
    sqlite3 "$WORK/local.sqlite" >/dev/null <<EOF
PRAGMA journal_mode=OFF;
PRAGMA synchronous=OFF;
CREATE TABLE items(id INTEGER PRIMARY KEY, qty INTEGER, price REAL, ratio REAL, name TEXT, note TEXT, payload BLOB);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < $ROWS)
INSERT INTO items SELECT x, (x*7919) % 100003 - 50000, round((x % 100000)/100.0 + 0.01, 2), x/7.0,
  'customer-'||x||' o''brien',
  CASE WHEN x % 10 = 0 THEN 'line one'||char(10)||'line two' ELSE 'Zürich café '||x END,
  randomblob(16) FROM c;
CREATE INDEX items_qty ON items(qty);
EOF
    if [ ${#WRANGLER[@]} -gt 0 ]; then
        # wrangler --local reads the database miniflare keeps for the binding: let wrangler create it, then put a copy
        # of the same file in its place (without the journal files of the empty one).
        mkdir -p "$WORK/wrangler-local"
        printf '{"name":"bench","compatibility_date":"2025-01-01","d1_databases":[{"binding":"DB","database_name":"bench","database_id":"%s"}]}\n' \
            "$DATABASE" >"$WORK/wrangler-local/wrangler.jsonc"
        wr_db=""
        if env -C "$WORK/wrangler-local" WRANGLER_SEND_METRICS=false "${WRANGLER[@]}" d1 execute bench --local \
            --command "SELECT 1" >"$WORK/wrangler-local.log" 2>&1; then
            wr_db=$(find "$WORK/wrangler-local/.wrangler" -name '*.sqlite' ! -name 'metadata.sqlite' | head -1)
        fi
        if [ -n "$wr_db" ]; then
            rm -f "$wr_db-wal" "$wr_db-shm"
            cp "$WORK/local.sqlite" "$wr_db"
        else
            tail -5 "$WORK/wrangler-local.log" >&2
            no_wrangler "d1 execute --local made no database"
        fi
    fi
    # local_one <kind>: one timed dump of the same file.
    local_one() {
        case "$1" in
            sqlite3) measure local-sqlite3 sh -c 'sqlite3 "$1" .dump > "$2"' sh "$WORK/local.sqlite" "$WORK/local-sqlite3.sql" ;;
            cli) measure local-cli "${JAVA_CLI[@]}" export "d1:sqlite:$WORK/local.sqlite?column-list=false" -o "$WORK/local-cli.sql" -q ;;
            wrangler)
                [ ${#WRANGLER[@]} -gt 0 ] || return 0
                rm -f "$WORK/local-wrangler.sql"
                measure local-wrangler env -C "$WORK/wrangler-local" WRANGLER_SEND_METRICS=false "${WRANGLER[@]}" \
                    d1 export bench --local --output "$WORK/local-wrangler.sql" \
                    || { no_wrangler "d1 export --local"; rm -f "$WORK/local-wrangler.times"; } ;;
        esac
    }
    local_kinds=(sqlite3 cli wrangler)
    for i in $(seq 1 "$RUNS"); do
        log "2 local: run $i/$RUNS"
        # Rotated from round to round, as in target 1.
        for k in 0 1 2; do
            local_one "${local_kinds[$(( (i - 1 + k) % 3 ))]}"
        done
    done
    t_cli=$(median local-cli 1); t_sq=$(median local-sqlite3 1)
    r_cli=$(median local-cli 2); r_sq=$(median local-sqlite3 2)
    b_cli=$(stat -c %s "$WORK/local-cli.sql"); b_sq=$(stat -c %s "$WORK/local-sqlite3.sql")
    ratio=$(calc "%.2f" "$t_cli / $t_sq")
    row "2 Local dump, $ROWS rows (int, real, text, blob)" "wall time, s" "$t_cli ($(calc "%.0f" "$b_cli / 1048576") MiB SQL)" \
        "sqlite3 .dump: $t_sq ($(calc "%.0f" "$b_sq / 1048576") MiB SQL)" "${ratio}x" "<= 1.5x" "$(verdict "$ratio <= 1.5")"
    row "2 Local dump" "peak RSS, MiB (-Xmx64m)" "$(mib "$r_cli")" "sqlite3: $(mib "$r_sq")" "" "" ""
    if [ -s "$WORK/local-wrangler.times" ]; then
        t_wr=$(median local-wrangler 1); r_wr=$(median local-wrangler 2)
        same=$(cmp -s "$WORK/local-cli.sql" "$WORK/local-wrangler.sql" && echo "the same bytes" || echo "**different bytes**")
        row "2 Local dump vs wrangler $WRANGLER_VERSION" "wall time, s; peak RSS, MiB" "$t_cli; $(mib "$r_cli") MiB" \
            "wrangler d1 export --local: $t_wr; $(mib "$r_wr") MiB" "$(calc "%.2f" "$t_wr / $t_cli")x wrangler speed" \
            "(for comparison; the two dumps: $same)" ""
    fi
    rm -f "$WORK/local-cli.sql" "$WORK/local-sqlite3.sql" "$WORK/local-wrangler.sql"
fi

# --- 3. polling ----------------------------------------------------------------------------------------------------
if want 3; then
    prime
    printf 'PRAGMA defer_foreign_keys=TRUE;\nCREATE TABLE t(a);\n' >"$WORK/tiny.sql"
    for n in $POLL_SECONDS; do
        log "3 polling: server finishing after ${n} s"
        start_server "$WORK/poll-$n.port" java -Xmx64m -cp "$BENCH_JAR" dev.d1export.bench.BenchServerMain "$WORK/tiny.sql" "$((n * 1000))" "$WORK/poll-$n.port"
        port=$(cat "$WORK/poll-$n.port")
        base="http://127.0.0.1:$port/client/v4"
        measure "poll-$n" "${JAVA_CLI[@]}" export "d1:cloudflare://$ACCOUNT/$DATABASE?base-url=$base" -o "$WORK/poll-$n.sql" -q
        stats=$(curl -sf "http://127.0.0.1:$port/_bench/stats")
        stop_server
        calls=$(sed 's/.*calls=\([0-9]*\).*/\1/' <<<"$stats")
        delay=$(sed 's/.*delay_ms=\([-0-9.]*\).*/\1/' <<<"$stats")
        per_min=$(calc "%.0f" "$calls / (($n + $delay / 1000) / 60)")
        row "3 Polling, server done after ${n} s (defaults: 500 ms gap x1.5 up to 3 s)" "requests; notice delay" \
            "$calls requests (${per_min}/min); $(calc "%.0f" "$delay") ms" "rate limit 1200 / 5 min = 240/min" \
            "" "delay <= 3000 ms max gap" "$(verdict "$delay <= 3000 && $per_min < 240")"
    done
fi

# --- 4. junit ------------------------------------------------------------------------------------------------------
if want 4; then
    log "4 junit: $JUNIT_WARMUP warm-up and $JUNIT_ROUNDS measured rounds of 2 x 500 tests"
    sqlite3 "$ROOT/examples/sample.sqlite" .dump >"$WORK/snapshot.sql"
    line=$(java -cp "$BENCH_JAR" dev.d1export.bench.JUnitOverheadMain "$WORK/snapshot.sql" "$WORK/junit-snapshots" \
        "$JUNIT_WARMUP" "$JUNIT_ROUNDS" 2>"$WORK/junit.err" | grep '^rounds=') \
        || { echo "run-benchmarks.sh: the JUnit benchmark failed" >&2; tail -20 "$WORK/junit.err" >&2; exit 1; }
    exports=$(sed 's/.*exports_per_run=\([0-9,]*\).*/\1/' <<<"$line")
    with=$(sed 's/.*with_ms=\([0-9.]*\).*/\1/' <<<"$line")
    without=$(sed 's/.*without_ms=\([0-9.]*\).*/\1/' <<<"$line")
    added=$(sed 's/.*added_ms_per_test=\([-0-9.]*\).*/\1/' <<<"$line")
    all_one=$(tr ',' '\n' <<<"$exports" | awk '$1 != 1 {bad=1} END {print bad ? 0 : 1}')
    row "4 JUnit: 50 classes x 10 tests, one shared @D1Snapshot, parallel" "exports per run" \
        "$exports" "" "" "exactly 1" "$( [ "$all_one" = 1 ] && echo met || echo '**missed**')"
    row "4 JUnit" "suite wall time, ms (median of $JUNIT_ROUNDS)" "with extension: $with" "without: $without" \
        "+$(calc "%.3f" "$added") ms/test" "" ""
fi

# --- 5. cli --------------------------------------------------------------------------------------------------------
if want 5; then
    prime
    start_server "$WORK/fake.url" java -Xmx64m -cp "$BENCH_JAR" dev.d1export.bench.FakeServerMain \
        "$ROOT/examples/sample.sqlite" "$TOKEN" "$WORK/fake.url"
    url=$(cat "$WORK/fake.url")
    fake_base=${url#*base-url=}
    fake_account=$(sed 's#d1:cloudflare://\([^/]*\)/.*#\1#' <<<"$url")
    for i in $(seq 1 "$CLI_RUNS"); do
        log "5 cli: run $i/$CLI_RUNS"
        measure cli-version "${JAVA_CLI[@]}" --version
        measure cli-small "${JAVA_CLI[@]}" export "$url" -o "$WORK/small.sql" -q
        if [ ${#WRANGLER[@]} -gt 0 ]; then
            measure wr-version "${WRANGLER_ENV[@]}" "${WRANGLER[@]}" --version \
                && measure wr-small "${WRANGLER_ENV[@]}" CLOUDFLARE_API_BASE_URL="$fake_base" \
                    CLOUDFLARE_ACCOUNT_ID="$fake_account" "${WRANGLER[@]}" d1 export bench --remote \
                    --output "$WORK/small-wrangler.sql" \
                || { no_wrangler "target 5"; rm -f "$WORK/wr-version.times" "$WORK/wr-small.times"; }
        fi
    done
    stop_server
    for what in version small; do
        label="--version"; [ "$what" = small ] && label="small export ($(stat -c %s "$WORK/small.sql") bytes) via FakeD1Server"
        t=$(median "cli-$what" 1); r=$(median "cli-$what" 2)
        if [ -s "$WORK/wr-$what.times" ]; then
            wt=$(median "wr-$what" 1); wr=$(median "wr-$what" 2)
            base_txt="wrangler $WRANGLER_VERSION: $wt s, $(mib "$wr") MiB"; ratio="$(calc "%.2f" "$t / $wt")x time"
        else
            base_txt="wrangler: $([ -n "$WRANGLER_VERSION" ] && echo "failed, see the run's messages" || echo "not installed") (skipped)"; ratio=""
        fi
        row "5 CLI $label" "median wall s, peak RSS MiB ($CLI_RUNS runs)" "$t s, $(mib "$r") MiB" "$base_txt" "$ratio" "" ""
    done
    row "5 CLI first export (writes the class-data archive)" "wall s, peak RSS MiB (1 run)" \
        "$(median cli-first 1) s, $(mib "$(median cli-first 2)") MiB" "" "" "" ""
    row "5 CLI second export (checks the archive, moves it into place)" "wall s, peak RSS MiB (1 run)" \
        "$(median cli-second 1) s, $(mib "$(median cli-second 2)") MiB" "" "" "" ""
fi

# --- 6. jmh --------------------------------------------------------------------------------------------------------
if want 6; then
    log "6 jmh: ValueFormatBenchmark ${JMH_OPTS[*]}"
    java -jar "$BENCH_JAR" ValueFormatBenchmark "${JMH_OPTS[@]}" -rf csv -rff "$WORK/jmh.csv" >"$WORK/jmh.out" 2>&1 \
        || { echo "run-benchmarks.sh: JMH failed" >&2; tail -20 "$WORK/jmh.out" >&2; exit 1; }
    while IFS=, read -r name _mode _threads _samples score error unit; do
        name=${name//\"/}; unit=${unit//\"/}; unit=${unit//$'\r'/}
        [ "$name" = Benchmark ] && continue
        err=$(calc "%.1f" "${error:-0}" 2>/dev/null || echo "?")
        row "6 JMH ${name##*.}" "time per value" "$(calc "%.1f" "$score") ± $err $unit" "" "" "regression watch" ""
    done <"$WORK/jmh.csv"
fi

# --- table ---------------------------------------------------------------------------------------------------------
{
    echo "Machine: nproc=$(nproc), load average at start $LOAD_START / at end $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'), $(curl --version | head -1 | cut -d' ' -f1-2)$([ -n "$WRANGLER_VERSION" ] && echo ", wrangler $WRANGLER_VERSION on node $(node --version)"), $(date -u '+%Y-%m-%d %H:%M UTC'), $(commit_id); mode: $([ "$QUICK" = 1 ] && echo quick || echo full), $RUNS runs per timed pair (median)"
    echo
    echo "| Target | Measure | d1-export | Baseline | Ratio | Goal | Result |"
    echo "| --- | --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${ROWS_MD[@]}"
} | tee "$WORK/results.md"
