package io.bootsim.apiserver.endpoints.openapi;

/**
 * An OpenAPI answer ready to send with status 200. {@code etag} is empty or the value to send,
 * quoted, in an ETag header (the v3 group-version documents carry one).
 */
public record OpenApiDocument(String contentType, byte[] body, String etag) {
}
