// Version strings of the API and how they order. They come in three shapes (spec 01-03):
// cluster versions "v1.28" and "v1.28.5-r0" / "v1.19.16-r80" (a revision after the patch),
// platform versions "cce.10.0", and add-on/chart versions "1.28.6" without a "v".

/** One dot/dash part as runs of digits (numbers) and of other characters (words): "r80" -> ["r", 80]. */
function tokens(part: string): (number | string)[] {
  return (part.match(/\d+|\D+/g) ?? []).map((run) => (/^\d/.test(run) ? Number(run) : run));
}

function parts(version: string): (number | string)[][] {
  return version.trim().replace(/^[vV](?=\d)/, '').split(/[.-]/).map(tokens);
}

function compareToken(x: number | string | undefined, y: number | string | undefined): number {
  if (x === y) return 0;
  if (x === undefined) return -1;
  if (y === undefined) return 1;
  // A number sorts before a word ("1.28.3" < "1.28.3-r0"); words compare by code point, so the
  // order is the same in every locale.
  if (typeof x === 'number') return typeof y === 'number' ? Math.sign(x - y) : -1;
  if (typeof y === 'number') return 1;
  return x < y ? -1 : 1;
}

/**
 * Orders two version strings: negative when `a` is older, 0 when equal, positive when newer.
 *
 * A leading "v" is ignored ("v1.28" equals "1.28"); parts split at "." and "-" compare in turn, a
 * missing part counts as 0 ("1.28" equals "1.28.0"); inside a part digits compare as numbers and
 * letters by code point, so "v1.19.16-r9" < "v1.19.16-r80" and "1.28.3" < "1.28.3-r0".
 *
 * Before this one definition, the emulator read every non-numeric part as 0 (so "-r0" equalled
 * "-r80", and "v2.0" sorted below "v1.9") and the extension compared mixed parts with
 * `localeCompare` (so "r9" sorted after "r10").
 */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? [0];
    const y = pb[i] ?? [0];
    for (let j = 0; j < Math.max(x.length, y.length); j++) {
      const d = compareToken(x[j], y[j]);
      if (d !== 0) return d;
    }
  }
  return 0;
}

/** Whether two versions share major and minor ("v1.28.5-r0" and "v1.28"); other shapes must be equal. */
export function sameMinorVersion(a: string, b: string): boolean {
  const minor = (v: string) => /^v?(\d+\.\d+)/.exec(v)?.[1] ?? v;
  return minor(a) === minor(b);
}

/** The cluster-version part of an add-on template version (spec 02 2.8 `SupportVersions`). */
export interface ClusterSupport {
  readonly supportVersions?: readonly { readonly clusterVersion?: readonly string[] | null }[] | null;
}

function matches(pattern: string, version: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(version);
  } catch {
    // A pattern the service sends that JavaScript cannot compile supports nothing, rather than all.
    return false;
  }
}

/**
 * Whether an add-on template version may run on a cluster of `clusterVersion`.
 *
 * `supportVersions[].clusterVersion` are regular expressions over the whole version (spec 02 2.8,
 * "v1.(27|28).*"); no pattern at all (`null`, the CoreDNS examples) supports every cluster, and so
 * does an unknown cluster version. Clusters answer "v1.28"-style versions while some template lists
 * leave the "v" out: each pattern is tried on the version as given and with the "v" added or removed.
 * (The emulator used to try only the given form, the extension only given and without "v".)
 */
export function supportsCluster(version: ClusterSupport, clusterVersion: string | null | undefined): boolean {
  const patterns = (version.supportVersions ?? []).flatMap((s) => s.clusterVersion ?? []);
  if (patterns.length === 0 || !clusterVersion) return true;
  const other = /^[vV]/.test(clusterVersion) ? clusterVersion.slice(1) : `v${clusterVersion}`;
  return patterns.some((p) => matches(p, clusterVersion) || matches(p, other));
}
