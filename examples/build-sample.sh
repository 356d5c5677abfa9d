#!/usr/bin/env bash
# Builds examples/sample.sqlite from examples/sample.sql (replacing it). Uses the sqlite3 shell when it is installed,
# otherwise sqlite-jdbc through BuildSample.java (needs only a JDK and Maven). The built file is committed, so the
# quick start does not need this script; run it after editing sample.sql.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
sql="$here/sample.sql"
db="$here/sample.sqlite"
tmp="$db.tmp"
rm -f "$tmp"
if command -v sqlite3 >/dev/null 2>&1; then
  sqlite3 "$tmp" < "$sql"
else
  version="$(sed -n 's:.*<sqlite-jdbc.version>\(.*\)</sqlite-jdbc.version>.*:\1:p' "$here/../pom.xml")"
  jar="$HOME/.m2/repository/org/xerial/sqlite-jdbc/$version/sqlite-jdbc-$version.jar"
  if [ ! -f "$jar" ]; then
    mvn -B -q dependency:get -Dartifact="org.xerial:sqlite-jdbc:$version"
  fi
  java -cp "$jar" "$here/BuildSample.java" "$sql" "$tmp"
fi
mv -f "$tmp" "$db"
echo "wrote $db"
