package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.core.api.Json;
import io.bootsim.core.time.Clock;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * POST selfsubjectreviews ({@code kubectl auth whoami}; authentication.k8s.io v1 from 1.28,
 * v1beta1 1.27-1.29, as ServedResources says): the requester's user info after impersonation.
 * Upstream answers a fresh object stamped with the current time.
 */
// upstream: pkg/registry/authentication/selfsubjectreview/rest.go
public final class SelfSubjectReview {

    public static final String KIND = "SelfSubjectReview";

    private final Clock clock;

    public SelfSubjectReview(Clock clock) {
        this.clock = clock;
    }

    /** The body is not read: upstream only checks its type. */
    public ObjectNode create(String apiVersion, UserInfo requester) {
        ObjectNode review = Json.object();
        review.put("kind", KIND);
        review.put("apiVersion", apiVersion);
        review.putObject("metadata").put("creationTimestamp",
                DateTimeFormatter.ISO_INSTANT.format(clock.now().truncatedTo(ChronoUnit.SECONDS)));
        review.putObject("status").set("userInfo", TokenReview.userInfo(requester));
        return review;
    }
}
