package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.AuthenticationRequest;
import io.bootsim.apiserver.authentication.BearerToken;
import io.bootsim.apiserver.authentication.RequestAuthentication;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.api.Json;
import io.bootsim.core.api.Status;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.version.KubeVersion;

import java.util.List;

/**
 * POST tokenreviews: authenticates spec.token as if it were a request's only credential (a
 * request with just {@code Authorization: Bearer <token>}), through the same chain requests use,
 * so a successful review names system:authenticated and an unknown token reports
 * {@code invalid bearer token}. Audiences (1.13+): the spec's, else the server's --api-audiences.
 * The token file and bootstrap tokens are audience-agnostic: they answer only when the requested
 * audiences meet the server's, and then report that intersection.
 */
// upstream: pkg/registry/authentication/tokenreview/storage.go,
// staging/src/k8s.io/apiserver/pkg/authentication/authenticator/audiences.go (audience-agnostic wrapper)
public final class TokenReview {

    public static final String KIND = "TokenReview";
    public static final String TOKEN_REQUIRED = "token is required for TokenReview in authentication";

    private final RequestAuthentication authentication;
    private final List<String> apiAudiences;
    private final KubeVersion version;

    public TokenReview(RequestAuthentication authentication, List<String> apiAudiences, KubeVersion version) {
        this.authentication = authentication;
        this.apiAudiences = List.copyOf(apiAudiences);
        this.version = version;
    }

    /** @throws StatusException 400 when spec.token is empty */
    public ObjectNode create(String apiVersion, ObjectNode body) {
        JsonNode spec = body.path("spec");
        String token = AccessReviewSpec.text(spec, "token");
        if (token.isEmpty()) {
            throw new StatusException(Status.badRequest(TOKEN_REQUIRED));
        }
        boolean audiencesServed = version.atLeast(1, 13);
        List<String> requested = audiencesServed ? AccessReviewSpec.strings(spec.path("audiences")) : List.of();
        List<String> audiences = requested.isEmpty() ? apiAudiences : requested;
        List<String> granted = audiences.stream().filter(apiAudiences::contains).toList();

        ObjectNode review = Json.object();
        review.put("kind", KIND);
        review.put("apiVersion", apiVersion);
        review.set("metadata", AccessReviewStatus.metadata(""));
        ObjectNode specOut = review.putObject("spec");
        specOut.put("token", token);
        if (!requested.isEmpty()) {
            ArrayNode a = specOut.putArray("audiences");
            requested.forEach(a::add);
        }
        ObjectNode status = review.putObject("status");

        if (!audiences.isEmpty() && granted.isEmpty()) {
            // every token authenticator stays silent, so the bearer-token step reports the token invalid
            status.putObject("user");
            status.put("error", BearerToken.INVALID_TOKEN);
            return review;
        }
        RequestAuthentication.Result result = authentication.authenticate(
                new AuthenticationRequest(List.of("Bearer " + token), List.of()));
        if (result instanceof RequestAuthentication.Authenticated ok) {
            status.put("authenticated", true);
            status.set("user", userInfo(ok.user()));
            if (!granted.isEmpty()) {
                ArrayNode a = status.putArray("audiences");
                granted.forEach(a::add);
            }
        } else {
            status.putObject("user");
            AccessReviewSpec.putIfNotEmpty(status, "error", ((RequestAuthentication.Unauthorized) result).error());
        }
        return review;
    }

    /** authentication/v1 UserInfo: every field omitempty. */
    static ObjectNode userInfo(UserInfo user) {
        ObjectNode u = Json.object();
        AccessReviewSpec.putIfNotEmpty(u, "username", user.name());
        AccessReviewSpec.putIfNotEmpty(u, "uid", user.uid());
        if (!user.groups().isEmpty()) {
            ArrayNode g = u.putArray("groups");
            user.groups().forEach(g::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode e = u.putObject("extra");
            user.extra().forEach((k, v) -> v.forEach(e.putArray(k)::add));
        }
        return u;
    }
}
