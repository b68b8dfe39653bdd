import {
  AssociateConnectionAliasCommand,
  DescribeConnectionAliasesCommand,
  DisassociateConnectionAliasCommand,
  WorkSpacesClient,
  type ConnectionAliasAssociation,
} from "@aws-sdk/client-workspaces";
import { terraformHandler, waitUntil, type WaitOptions } from "../lib/terraform-crud";

/**
 * Associates a WorkSpaces connection alias with a registered directory of its Region (AssociateConnectionAlias,
 * which the Terraform provider has no resource for) and answers the connection identifier that the DNS TXT record
 * of cross-Region redirection holds. Delete disassociates and waits until the alias is free, so that the alias and
 * the directory registration can be deleted right after.
 */
export interface AliasAssociationInput {
  /** `wsca-…`, the alias in this function's Region. */
  readonly aliasId: string;
  /** The registered directory (`d-…`). */
  readonly directoryId: string;
}

export interface AliasAssociationResult {
  readonly connectionIdentifier?: string;
}

export const client = new WorkSpacesClient({});
/** Replaced by tests, which do not wait. */
export const timing: { sleep?: WaitOptions["sleep"] } = {};

async function associationOf(aliasId: string): Promise<ConnectionAliasAssociation | undefined> {
  const answer = await client.send(new DescribeConnectionAliasesCommand({ AliasIds: [aliasId] }));
  return answer.ConnectionAliases?.[0]?.Associations?.find((association) => association.AssociationStatus !== "NOT_ASSOCIATED");
}

async function aliasExists(aliasId: string): Promise<boolean> {
  try {
    const answer = await client.send(new DescribeConnectionAliasesCommand({ AliasIds: [aliasId] }));
    return (answer.ConnectionAliases ?? []).length > 0;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return false;
    throw error;
  }
}

export const handler = terraformHandler<AliasAssociationInput, AliasAssociationResult>({
  replaces: (previous, input) => previous.aliasId !== input.aliasId || previous.directoryId !== input.directoryId,

  async create({ aliasId, directoryId }) {
    const existing = await associationOf(aliasId);
    if (existing?.ResourceId === directoryId && existing.AssociationStatus !== "PENDING_DISASSOCIATION") {
      return { connectionIdentifier: existing.ConnectionIdentifier };
    }
    if (existing) {
      // An alias belongs to one directory per Region: taking it from another directory is not this function's call.
      throw new Error(
        `connection alias ${aliasId} is ${existing.AssociationStatus} with directory ${existing.ResourceId}, not ${directoryId}: disassociate it first`,
      );
    }
    const answer = await client.send(new AssociateConnectionAliasCommand({ AliasId: aliasId, ResourceId: directoryId }));
    return { connectionIdentifier: answer.ConnectionIdentifier };
  },

  async delete({ aliasId, directoryId }) {
    if (!(await aliasExists(aliasId))) return {};
    const existing = await associationOf(aliasId);
    if (existing?.ResourceId !== directoryId) return {};
    if (existing.AssociationStatus !== "PENDING_DISASSOCIATION") {
      await client.send(new DisassociateConnectionAliasCommand({ AliasId: aliasId }));
    }
    await waitUntil(async () => (await associationOf(aliasId)) === undefined, { what: `${aliasId} is disassociated`, ...timing });
    return {};
  },
});
