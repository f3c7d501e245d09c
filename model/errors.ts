/** Errors of the reference model: bytes that are not the document they claim to be, or rows of the wrong width. */
import { HubError } from "../core/errors.js";

export class ModelDocumentError extends HubError {
  constructor(message: string) {
    super("MODEL_DOCUMENT_INVALID", message, { hint: "the artifact's bytes are not a document of the format the model reads (input, output or adapter)" });
  }
}

export class ModelShapeError extends HubError {
  constructor(message: string) {
    super("MODEL_SHAPE_INVALID", message, { hint: "rows must have MODEL_SPEC.featureDim features; training needs at least one example" });
  }
}
