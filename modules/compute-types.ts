/**
 * WorkSpaces compute types, grouped by the hardware family a bundle is built for. A WorkSpace's compute type must
 * belong to its bundle's family: a GPU compute type on a Standard bundle (or the reverse) fails at creation.
 */
export const COMPUTE_TYPE_FAMILIES = {
  general: ["VALUE", "STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE"],
  graphics: ["GRAPHICS"],
  graphicsPro: ["GRAPHICSPRO"],
  graphicsG4dn: ["GRAPHICS_G4DN", "GRAPHICSPRO_G4DN"],
} as const;

export type ComputeTypeFamily = keyof typeof COMPUTE_TYPE_FAMILIES;
export type ComputeType = (typeof COMPUTE_TYPE_FAMILIES)[ComputeTypeFamily][number];

export const COMPUTE_TYPES = Object.values(COMPUTE_TYPE_FAMILIES).flat() as [ComputeType, ...ComputeType[]];

export function familyOf(computeType: string): ComputeTypeFamily | undefined {
  return (Object.keys(COMPUTE_TYPE_FAMILIES) as ComputeTypeFamily[]).find((family) =>
    (COMPUTE_TYPE_FAMILIES[family] as readonly string[]).includes(computeType),
  );
}

/**
 * The family of a public (owner AMAZON) bundle, read from its name: "Graphics.g4dn with Windows 10",
 * "GraphicsPro with …", "Standard with …". The account's own bundles are named freely and are checked at plan time.
 */
export function familyOfPublicBundleName(bundleName: string): ComputeTypeFamily {
  if (/graphics(pro)?\.g4dn/i.test(bundleName)) return "graphicsG4dn";
  if (/graphicspro/i.test(bundleName)) return "graphicsPro";
  if (/graphics/i.test(bundleName)) return "graphics";
  return "general";
}

/**
 * The compute types a WorkSpace can be switched between, smallest first, one list per group (AWS admin guide, "Modify a
 * WorkSpace in WorkSpaces Personal", Modify compute type): Standard to GeneralPurpose.8xlarge, and Graphics.g4dn with
 * GraphicsPro.g4dn. Graphics and GraphicsPro switch to nothing; Value is not among the types the guide lists.
 */
export const COMPUTE_TYPE_STEPS: readonly (readonly ComputeType[])[] = [
  ["STANDARD", "PERFORMANCE", "POWER", "POWERPRO", "GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE"],
  ["GRAPHICS_G4DN", "GRAPHICSPRO_G4DN"],
];
