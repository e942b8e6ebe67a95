package io.bootsim.apiserver.authentication;

/**
 * Reads a bearer token from the {@code Authorization} header: trimmed, split on single spaces into at
 * most three parts, scheme compared case-insensitively with "bearer", token = second part (anything
 * after a further space is ignored).
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/request/bearertoken/bearertoken.go
public final class BearerToken {

    public static final String EXTRA_SPACE_WARNING =
            "the provided Authorization header contains extra space before the bearer token, and is ignored";
    /** The error when a well-formed bearer token is accepted by no token authenticator. */
    public static final String INVALID_TOKEN = "invalid bearer token";

    private BearerToken() {
    }

    /** What the header holds. */
    public sealed interface Header {
    }

    public record Token(String token) implements Header {
    }

    /** No bearer credentials (no header, another scheme, no token part): not an error. */
    public record NoCredentials(String reason) implements Header {
    }

    /** {@code "Bearer  tok"}: an empty token; not authenticated, and the response gets a warning. */
    public record ExtraSpace() implements Header {
    }

    /** @param authorization the first Authorization header value, or null */
    public static Header parse(String authorization) {
        String auth = authorization == null ? "" : authorization.strip();
        if (auth.isEmpty()) {
            return new NoCredentials("no Authorization header");
        }
        String[] parts = auth.split(" ", 3);
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("bearer")) {
            return new NoCredentials("Authorization header is not a bearer token");
        }
        return parts[1].isEmpty() ? new ExtraSpace() : new Token(parts[1]);
    }
}
