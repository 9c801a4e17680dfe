/** Static catalog of the Lambda Cloud emulator: regions (spec v1.8.3 PublicRegionCode), instance types, images. */

export const REGIONS: Record<string, string> = {
  'europe-central-1': 'Germany',
  'asia-south-1': 'India',
  'australia-east-1': 'Australia',
  'me-west-1': 'Israel',
  'asia-northeast-1': 'Japan',
  'asia-northeast-2': 'South Korea',
  'us-east-1': 'Virginia, USA',
  'us-west-2': 'Arizona, USA',
  'us-west-1': 'California, USA',
  'us-south-1': 'Texas, USA',
  'us-west-3': 'Utah, USA',
  'us-midwest-1': 'Illinois, USA',
  'us-east-2': 'Washington DC, USA',
  'us-south-2': 'North Texas, USA',
  'us-south-3': 'Central Texas, USA',
  'us-east-3': 'Washington DC, USA',
  'us-midwest-2': 'Ohio, USA',
};

export interface InstanceTypeEntry {
  name: string;
  description: string;
  gpu_description: string;
  price_cents_per_hour: number;
  specs: { vcpus: number; memory_gib: number; storage_gib: number; gpus: number };
  /** Regions with capacity (the emulator's starting availability). */
  regions: string[];
}

export const INSTANCE_TYPES: InstanceTypeEntry[] = [
  { name: 'gpu_1x_a10', description: '1x A10 (24 GB PCIe)', gpu_description: 'A10 (24 GB PCIe)', price_cents_per_hour: 75,
    specs: { vcpus: 30, memory_gib: 200, storage_gib: 1400, gpus: 1 }, regions: ['us-east-1', 'us-west-1', 'us-south-1'] },
  { name: 'gpu_1x_a100_sxm4', description: '1x A100 (40 GB SXM4)', gpu_description: 'A100 (40 GB SXM4)', price_cents_per_hour: 129,
    specs: { vcpus: 30, memory_gib: 200, storage_gib: 512, gpus: 1 }, regions: ['us-east-1', 'us-west-2'] },
  { name: 'gpu_1x_h100_pcie', description: '1x H100 (80 GB PCIe)', gpu_description: 'H100 (80 GB PCIe)', price_cents_per_hour: 249,
    specs: { vcpus: 26, memory_gib: 200, storage_gib: 1024, gpus: 1 }, regions: ['us-west-3', 'us-south-2'] },
  { name: 'gpu_8x_a100', description: '8x A100 (40 GB SXM4)', gpu_description: 'A100 (40 GB SXM4)', price_cents_per_hour: 1032,
    specs: { vcpus: 124, memory_gib: 1800, storage_gib: 5800, gpus: 8 }, regions: [] },
  { name: 'gpu_8x_h100_sxm5', description: '8x H100 (80 GB SXM5)', gpu_description: 'H100 (80 GB SXM5)', price_cents_per_hour: 2392,
    specs: { vcpus: 208, memory_gib: 1800, storage_gib: 24780, gpus: 8 }, regions: ['us-south-2'] },
];

export interface ImageEntry {
  id: string;
  created_time: string;
  updated_time: string;
  name: string;
  description: string;
  family: string;
  version: string;
  architecture: 'x86_64' | 'arm64';
  region: { name: string; description: string };
}

const IMAGE_SEED: Array<[string, string, string, string]> = [
  ['43336648-096d-4cba-9aa2-f9bb7727639d', 'ubuntu-24.04.01', 'ubuntu-lts', '24.04.01'],
  ['7b2c1a1e-5a2f-4d7e-9a51-3a1f3f3e2c10', 'lambda-stack-24.04', 'lambda-stack-24-04', '24.04'],
  ['d1f0b0a4-2a5c-4f0a-8f8c-0e7a3b2f9c21', 'ubuntu-22.04', 'ubuntu-22-04', '22.04'],
];

export function images(): ImageEntry[] {
  const out: ImageEntry[] = [];
  for (const region of ['us-east-1', 'us-west-1', 'us-west-2', 'us-west-3', 'us-south-1', 'us-south-2']) {
    for (const [id, name, family, version] of IMAGE_SEED) {
      out.push({
        id: region === 'us-east-1' ? id : `${id.slice(0, 24)}${region.replace(/[^a-z0-9]/g, '').slice(-12).padStart(12, '0')}`,
        created_time: '2025-01-15T00:00:00+00:00',
        updated_time: '2025-01-15T00:00:00+00:00',
        name,
        description: name.startsWith('lambda') ? 'Lambda Stack' : 'Ubuntu LTS',
        family,
        version,
        architecture: 'x86_64',
        region: { name: region, description: REGIONS[region] },
      });
    }
  }
  return out;
}
