// Generates expected JavaScript strings for a fixed, seeded set of doubles (run once; output committed).
let seed = 0x9e3779b97f4a7c15n;
function next64() { // xorshift64*
  seed ^= seed >> 12n; seed ^= (seed << 25n) & 0xffffffffffffffffn; seed ^= seed >> 27n;
  return (seed * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const buf = new DataView(new ArrayBuffer(8));
const out = [];
function emit(d) {
  buf.setFloat64(0, d);
  const hex = buf.getBigUint64(0).toString(16).padStart(16, '0');
  out.push(hex + '\t' + String(d));
}
function fromBits(b) { buf.setBigUint64(0, b); return buf.getFloat64(0); }
const fixed = [0, -0, 1, -1, 0.1, 0.2, 0.3, 0.1+0.2, 1/3, 2/3, 1.5, -2.5, 3, 1e21, 1e-7, 1e-6, 0.000001, 1e-300, 1e300,
  123456789012345680000, 9.999999999999999e-301, 2.5e-308, 2.5000000000000003e-308, 1.7976931348623157e308, 5e-324,
  2.2250738585072014e-308, 2.225073858507201e-308, 9007199254740992, 9007199254740993, 9007199254740994,
  9223372036854775807, -9223372036854775808, 18446744073709551615, 1e15, 1e16, 1e17, 1e20, 1e22, 1e23, 2e23, 8.41e21,
  5e-7, 1.5e-7, 123e-20, 4.35, 0.5, 100, 1e100, 2**-1074, 2**-1022, 2**52, 2**63, 2**64, 2**1023, 1/7, 1e-5,
  0.00001, 123.456, 9.95, 2.82879384806159e17, 1.2345678901234567e-7, 4.940656458412465e-324, 1e-323, 2**-1073,
  Infinity, -Infinity, NaN, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.EPSILON, 0.1 * 3, 1e21 - 65536,
  999999999999999900000, 1e-6 - 1e-22, 1.0000000000000002, 0.9999999999999999];
for (const d of fixed) emit(d);
for (let i = 1; i <= 60; i++) { emit(i / 7); emit(i * 1.1); emit(2 ** (i * 17 - 540)); emit(10 ** (i * 10 - 320)); }
for (let i = 0; i < 6000; i++) { // any bit pattern (finite)
  const d = fromBits(next64());
  if (Number.isFinite(d)) emit(d);
}
for (let i = 0; i < 3000; i++) { // everyday magnitudes
  const b = next64();
  const m = Number(b >> 11n) / 2 ** 53;
  const e = Number(b & 63n) - 32;
  emit(m * 10 ** e);
}
for (let i = 0; i < 1000; i++) { // subnormals
  emit(fromBits(next64() & 0x000fffffffffffffn));
}
for (let i = 0; i < 1000; i++) { // powers of two neighbourhoods (lopsided rounding intervals)
  const e = Number(next64() % 2046n) + 1;
  const b = BigInt(e) << 52n;
  emit(fromBits(b)); emit(fromBits(b + 1n)); emit(fromBits(b - 1n));
}
for (let i = 0; i < 1000; i++) { // short decimals
  const b = next64();
  emit(Number(b % 100000n) / 10 ** Number((b >> 20n) % 9n));
}
for (let i = 0; i < 1000; i++) { // big integers (int64 range, as SQLite INTEGER -> double)
  const v = BigInt.asIntN(64, next64()) >> BigInt(Number(next64() % 60n));
  emit(Number(v));
}
process.stdout.write(out.join('\n') + '\n');
