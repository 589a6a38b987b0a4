// The few functions of `semver` (a devDependency without bundled types) the tests use.
declare module 'semver' {
  interface SemVer {
    version: string;
  }
  const semver: {
    minVersion(range: string): SemVer | null;
    subset(sub: string, dom: string): boolean;
    gte(a: string, b: string): boolean;
    rcompare(a: string, b: string): number;
  };
  export default semver;
}
