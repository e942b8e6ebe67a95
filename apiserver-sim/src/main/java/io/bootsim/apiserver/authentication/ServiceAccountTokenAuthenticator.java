package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.jose.Jws;
import io.bootsim.core.serviceaccount.LegacyTokenClaims;
import io.bootsim.core.version.KubeVersion;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Service-account JWTs: a bearer token that is a compact JWS whose (still unverified) {@code iss}
 * is one of this authenticator's issuers is its to judge; anything else is "not mine". The
 * signature must verify with one of the --service-account-key-file keys and the token must be
 * bound to one of the API audiences (a token without audiences counts as bound to all of them);
 * then the validator checks the claims against the cluster. kube-apiserver runs two of these: one
 * for the legacy issuer {@code kubernetes/serviceaccount} (Secret-based tokens) and one for the
 * --service-account-issuer values (TokenRequest tokens).
 */
// upstream: pkg/serviceaccount/jwt.go (JWTTokenAuthenticator), pkg/kubeapiserver/authenticator/config.go
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {

    /** Checks a verified token's claims against the cluster: {@link LegacyServiceAccountValidator}, {@link BoundServiceAccountValidator}. */
    public interface Validator {
        AuthenticationResult validate(String token, ObjectNode claims);
    }

    private final String name;
    private final Set<String> issuers;
    private final List<PublicKey> keys;
    private final List<String> apiAudiences;
    private final Validator validator;
    private final KubeVersion version;

    public ServiceAccountTokenAuthenticator(String name, List<String> issuers, List<PublicKey> keys,
                                            List<String> apiAudiences, Validator validator, KubeVersion version) {
        this.name = name;
        this.issuers = Set.copyOf(issuers);
        this.keys = List.copyOf(keys);
        this.apiAudiences = List.copyOf(apiAudiences);
        this.validator = validator;
        this.version = version;
    }

    /** The authenticator of Secret-based tokens. */
    public static ServiceAccountTokenAuthenticator legacy(List<PublicKey> keys, List<String> apiAudiences,
                                                          LegacyServiceAccountValidator validator, KubeVersion version) {
        return new ServiceAccountTokenAuthenticator("service-account-legacy", List.of(LegacyTokenClaims.ISSUER), keys,
                apiAudiences, validator, version);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AuthenticationResult authenticateToken(String token) {
        if (token.strip().startsWith("{")) {
            return notMine("not a compact JWT");
        }
        Optional<Jws.Parsed> parsed = Jws.parse(token);
        Optional<ObjectNode> claims = parsed.flatMap(Jws.Parsed::claims);
        if (claims.isEmpty()) {
            return notMine("not a JWT");
        }
        String issuer = claims.get().path("iss").asText("");
        if (!issuers.contains(issuer)) {
            return notMine("issuer \"" + issuer + "\" is not one of " + issuers.stream().sorted().toList());
        }
        if (keys.isEmpty()) {
            return new AuthenticationResult.Failed("invalid signature, no keys found");
        }
        boolean verified = keys.stream().anyMatch(k -> verifies(parsed.get(), k));
        if (!verified) {
            // the jwt library's text: dgrijalva/jwt-go in 1.9, go-jose after
            return new AuthenticationResult.Failed(version.atLeast(1, 10)
                    ? "square/go-jose: error in cryptographic primitive" : "crypto/rsa: verification error");
        }
        List<String> tokenAudiences = audiences(claims.get().get("aud"));
        if (tokenAudiences.isEmpty()) {
            tokenAudiences = apiAudiences; // only legacy tokens have none: they are good for the API itself
        }
        LinkedHashSet<String> bound = new LinkedHashSet<>(tokenAudiences);
        bound.retainAll(apiAudiences);
        if (bound.isEmpty() && !apiAudiences.isEmpty()) {
            return new AuthenticationResult.Failed("token audiences " + goQuoted(tokenAudiences)
                    + " is invalid for the target audiences " + goQuoted(apiAudiences));
        }
        return validator.validate(token, claims.get());
    }

    private static boolean verifies(Jws.Parsed jws, PublicKey key) {
        try {
            return Jws.verify(jws, key);
        } catch (IllegalArgumentException e) {
            return false; // a key type no token can be signed with
        }
    }

    /** {@code aud} is a string or a list of strings (RFC 7519 4.1.3). */
    private static List<String> audiences(JsonNode aud) {
        List<String> out = new ArrayList<>();
        if (aud != null && aud.isTextual()) {
            out.add(aud.asText());
        } else if (aud != null && aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        }
        return out;
    }

    /** Go's %q of a []string: ["a" "b"]. */
    private static String goQuoted(List<String> values) {
        return "[" + String.join(" ", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }

    private static AuthenticationResult notMine(String reason) {
        return new AuthenticationResult.NotAuthenticated(reason);
    }
}
