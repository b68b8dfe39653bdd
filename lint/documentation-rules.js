"use strict";
// ESLint rules for the documentation contract (as aws-cdk's awslint does for construct libraries):
// every prop of a module's exported interfaces has a doc comment, an optional one says its `@default`,
// and every TerraformOutput has a description (it is what `terraform output` and reviewers see).

/** The JSDoc block directly above a node, if any. */
function docCommentOf(sourceCode, node) {
  const comments = sourceCode.getCommentsBefore(node);
  const last = comments[comments.length - 1];
  return last && last.type === "Block" && last.value.startsWith("*") ? last.value : undefined;
}

const documentedProps = {
  meta: {
    type: "suggestion",
    docs: { description: "Every property of an exported interface has a doc comment; optional ones state their @default." },
    schema: [],
    messages: {
      undocumented: "{{name}} has no doc comment: add a one-line /** … */ saying what it is.",
      noDefault: "{{name}} is optional but its doc comment has no @default: say what happens when it is left out.",
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    return {
      "ExportNamedDeclaration > TSInterfaceDeclaration > TSInterfaceBody > TSPropertySignature"(member) {
        const iface = member.parent.parent;
        const key = member.key.type === "Identifier" ? member.key.name : sourceCode.getText(member.key);
        const name = `${iface.id.name}.${key}`;
        const doc = docCommentOf(sourceCode, member);
        if (doc === undefined) context.report({ node: member, messageId: "undocumented", data: { name } });
        else if (member.optional && !/@default\b/.test(doc)) context.report({ node: member, messageId: "noDefault", data: { name } });
      },
    };
  },
};

const outputDescription = {
  meta: {
    type: "suggestion",
    docs: { description: "Every TerraformOutput has a description." },
    schema: [],
    messages: {
      noDescription: "TerraformOutput {{id}} has no description: say what the value is and who reads it.",
      notLiteral: "TerraformOutput {{id}}: pass its config as an object literal, so that its description can be checked.",
    },
  },
  create(context) {
    return {
      "NewExpression[callee.name='TerraformOutput']"(node) {
        const idNode = node.arguments[1];
        const id = idNode && idNode.type === "Literal" ? JSON.stringify(idNode.value) : "";
        const config = node.arguments[2];
        if (!config || config.type !== "ObjectExpression") {
          context.report({ node, messageId: "notLiteral", data: { id } });
          return;
        }
        const hasDescription = config.properties.some(
          (property) => property.type === "Property" && !property.computed && (property.key.name ?? property.key.value) === "description",
        );
        if (!hasDescription) context.report({ node, messageId: "noDescription", data: { id } });
      },
    };
  },
};

module.exports = { rules: { "documented-props": documentedProps, "terraform-output-description": outputDescription } };
