package dev.sparkvar.problem;

/** One bad field of a request: where ({@code field}, a JSON path) and why. */
public record FieldError(String field, String message) {
}
