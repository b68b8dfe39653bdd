import { Construct } from "constructs";
import { TerraformLocal, Token, type IResolvable, type IResolveContext } from "cdktf";

/**
 * A value of plain data (objects, strings, numbers, booleans, null) that may hold a few tokens, for a `TerraformLocal`
 * or an argument: it synthesizes exactly as the value itself would, but cdktf's resolver does not walk it.
 *
 * cdktf resolves every element of a stack three times (once to find cross-stack references, then each element, then
 * the whole stack), and each string, number and key costs it several function calls and closures: a fleet's settings
 * map of 1,000 users (~13,000 values) was most of a 1,000-user synth (docs/performance.md). Here the value is copied
 * in plain JavaScript, and only what may hold a token (a token, a string with cdktf's token markers or an encoded
 * number, an array, an object other than a plain one) goes through cdktf's resolver, each distinct one once per pass:
 * a reference to another stack is still found and turned into a cross-stack output. The copy is handed to cdktf as
 * the result of a post-processor, which cdktf does not resolve again. That result is itself a token (`Resolved`)
 * holding the copy, so that the stack's last pass over everything gets the copy back without walking it either.
 */
export function plainValue(value: unknown): IResolvable {
  return new PlainValue(value);
}

/** Whether cdktf's resolver could change this string (a token, a list or map token, or an encoded number in text). */
const mayHoldToken = (text: string) => text.includes("TfToken[") || /\d[eE][-+]?\d/.test(text);

const isPlainObject = (value: object) => {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

class PlainValue implements IResolvable {
  readonly creationStack: string[] = [];

  constructor(private readonly value: unknown) {}

  /** The last pass's copy and what each part that may hold tokens resolved to. */
  private last?: { readonly parts: ReadonlyMap<unknown, unknown>; readonly copy: unknown };

  resolve(context: IResolveContext): unknown {
    const result = new Resolved(this.copy(context));
    context.registerPostProcessor({ postProcess: () => result });
    return undefined;
  }

  private copy(context: IResolveContext): unknown {
    // cdktf resolves a stack more than once: when every part resolves as it did last time, so does the copy.
    const last = this.last;
    if (last && [...last.parts].every(([part, value]) => context.resolve(part) === value)) return last.copy;
    const parts = new Map<unknown, unknown>();
    // What cdktf would make of a part that may hold tokens; each distinct part is resolved once.
    const byCdktf = (part: unknown) => {
      if (!parts.has(part)) parts.set(part, context.resolve(part));
      return parts.get(part);
    };
    const copy = (part: unknown): unknown => {
      if (typeof part === "string") return mayHoldToken(part) ? byCdktf(part) : part;
      if (typeof part === "number") return Token.isUnresolved(part) ? byCdktf(part) : part;
      if (part === null || typeof part !== "object") return part;
      if (Array.isArray(part) || !isPlainObject(part) || Object.keys(part).some(mayHoldToken)) return byCdktf(part);
      const result: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(part)) {
        const value = copy(inner);
        // As cdktf's resolver does: an undefined value leaves its key out.
        if (value !== undefined) result[key] = value;
      }
      return result;
    };
    this.last = { parts, copy: copy(this.value) };
    return this.last.copy;
  }

  toString(): string {
    return Token.asString(this);
  }
}

/** A value cdktf has already resolved: resolving it again gives the value as it is. */
class Resolved implements IResolvable {
  readonly creationStack: string[] = [];

  constructor(private readonly value: unknown) {}

  resolve(context: IResolveContext): unknown {
    context.registerPostProcessor({ postProcess: () => this.value });
    return undefined;
  }

  /** Written as the value, should a token ever be written without a last resolve. */
  toJSON(): unknown {
    return this.value;
  }

  toString(): string {
    return Token.asString(this);
  }
}

/**
 * The object of `entries`, like `Object.fromEntries`: a loop, because the builtin is several times slower on a map of
 * 1,000 keys when the code is run for the first time (as in every synth).
 */
export function objectOf<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const object: Record<string, T> = {};
  for (const [key, value] of entries) object[key] = value;
  return object;
}

/** A `TerraformLocal` whose value is plain data (see `plainValue`): it synthesizes as one, cdktf's resolver skips it. */
export class PlainLocal extends TerraformLocal {
  constructor(scope: Construct, id: string, value: unknown) {
    super(scope, id, plainValue(value));
  }
}
