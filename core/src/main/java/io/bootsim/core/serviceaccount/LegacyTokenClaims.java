package io.bootsim.core.serviceaccount;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

/**
 * The claims of a Secret-based ("legacy") service-account token, which the token controller of
 * kube-controller-manager signs and kube-apiserver verifies: issuer {@code kubernetes/serviceaccount},
 * the subject's user name, and the namespace, account name and UID and the Secret that holds the
 * token under {@code kubernetes.io/serviceaccount/...}. No expiry: the token lives as long as its Secret.
 */
// upstream: pkg/serviceaccount/legacy.go
public record LegacyTokenClaims(String namespace, String serviceAccountName, String serviceAccountUid, String secretName) {

    public static final String ISSUER = "kubernetes/serviceaccount";

    static final String NAMESPACE = "kubernetes.io/serviceaccount/namespace";
    static final String SECRET_NAME = "kubernetes.io/serviceaccount/secret.name";
    static final String SA_NAME = "kubernetes.io/serviceaccount/service-account.name";
    static final String SA_UID = "kubernetes.io/serviceaccount/service-account.uid";

    /** The claims as a payload: keys in Go's map order (sorted), as both jwt libraries write them. */
    public ObjectNode toPayload() {
        ObjectNode claims = Json.object();
        claims.put("iss", ISSUER);
        claims.put(NAMESPACE, namespace);
        claims.put(SECRET_NAME, secretName);
        claims.put(SA_NAME, serviceAccountName);
        claims.put(SA_UID, serviceAccountUid);
        claims.put("sub", new ServiceAccountUser(namespace, serviceAccountName).username());
        return claims;
    }

    /** What a verified payload claims; absent claims read as "". */
    public static LegacyTokenClaims of(ObjectNode payload) {
        return new LegacyTokenClaims(payload.path(NAMESPACE).asText(""), payload.path(SA_NAME).asText(""),
                payload.path(SA_UID).asText(""), payload.path(SECRET_NAME).asText(""));
    }
}
