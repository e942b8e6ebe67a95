package io.bootsim.apiserver.endpoints.discovery;

/** A discovery document ready to send with status 200: its Content-Type and JSON body. */
public record DiscoveryResponse(String contentType, String body) {
}
