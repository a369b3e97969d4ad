// The reference points to the external "Regions and Endpoints" page instead of listing regions, so
// this table holds the public Huawei Cloud regions whose CCE and IAM endpoints follow the
// documented `{service}.{region}.myhuaweicloud.com` pattern. Unknown regions fall back to it.

/** A Huawei Cloud region with its CCE and IAM endpoints. */
export interface RegionInfo {
  readonly id: string;
  readonly name: string;
  readonly nameZh: string;
  readonly cceEndpoint: string;
  readonly iamEndpoint: string;
}

const region = (id: string, name: string, nameZh: string): RegionInfo => ({
  id, name, nameZh,
  cceEndpoint: `https://cce.${id}.myhuaweicloud.com`,
  iamEndpoint: `https://iam.${id}.myhuaweicloud.com`,
});

export const regions: readonly RegionInfo[] = [
  region('cn-north-4', 'CN North-Beijing4', '华北-北京四'),
  region('cn-north-1', 'CN North-Beijing1', '华北-北京一'),
  region('cn-north-9', 'CN North-Ulanqab1', '华北-乌兰察布一'),
  region('cn-east-3', 'CN East-Shanghai1', '华东-上海一'),
  region('cn-east-2', 'CN East-Shanghai2', '华东-上海二'),
  region('cn-south-1', 'CN South-Guangzhou', '华南-广州'),
  region('cn-southwest-2', 'CN Southwest-Guiyang1', '西南-贵阳一'),
  region('ap-southeast-1', 'CN-Hong Kong', '中国-香港'),
  region('ap-southeast-2', 'AP-Bangkok', '亚太-曼谷'),
  region('ap-southeast-3', 'AP-Singapore', '亚太-新加坡'),
  region('ap-southeast-4', 'AP-Jakarta', '亚太-雅加达'),
  region('af-south-1', 'AF-Johannesburg', '非洲-约翰内斯堡'),
  region('la-south-2', 'LA-Santiago', '拉美-圣地亚哥'),
  region('la-north-2', 'LA-Mexico City2', '拉美-墨西哥城二'),
  region('sa-brazil-1', 'LA-Sao Paulo1', '拉美-圣保罗一'),
  region('tr-west-1', 'TR-Istanbul', '土耳其-伊斯坦布尔'),
  region('me-east-1', 'ME-Riyadh', '中东-利雅得'),
];

const byId = new Map(regions.map((r) => [r.id, r]));

function checkRegion(id: string): string {
  const trimmed = id.trim();
  // The id becomes part of a host name: refuse anything that could change the host.
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(trimmed)) {
    throw new Error(`Invalid region id ${JSON.stringify(id)}: expected lowercase letters, digits and hyphens, e.g. "cn-north-4"`);
  }
  return trimmed;
}

/** Finds a known region by id. */
export function findRegion(id: string): RegionInfo | undefined {
  return byId.get(id.trim());
}

/** CCE endpoint of a region; unknown regions get `https://cce.{region}.myhuaweicloud.com`. */
export function cceEndpoint(regionId: string): string {
  const id = checkRegion(regionId);
  return byId.get(id)?.cceEndpoint ?? `https://cce.${id}.myhuaweicloud.com`;
}

/** IAM endpoint of a region; unknown regions get `https://iam.{region}.myhuaweicloud.com`. */
export function iamEndpoint(regionId: string): string {
  const id = checkRegion(regionId);
  return byId.get(id)?.iamEndpoint ?? `https://iam.${id}.myhuaweicloud.com`;
}

/** VPC endpoint of a region (VPC v1 and EIP v1 APIs): `https://vpc.{region}.myhuaweicloud.com`. */
export function vpcEndpoint(regionId: string): string {
  return `https://vpc.${checkRegion(regionId)}.myhuaweicloud.com`;
}
