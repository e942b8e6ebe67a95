package io.bootsim.core.client;

import io.bootsim.core.http.HttpRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a reflector lists and watches: a collection path such as
 * {@code /apis/certificates.k8s.io/v1/certificatesigningrequests} or
 * {@code /api/v1/namespaces/kube-system/secrets}, with an optional field selector, and the Go
 * type name client-go prints in its log lines ({@code *v1.CertificateSigningRequest}).
 */
public record ListWatch(ApiTransport transport, String collectionPath, String fieldSelector, String typeName) {

    public static ListWatch of(ApiTransport transport, String collectionPath, String typeName) {
        return new ListWatch(transport, collectionPath, "", typeName);
    }

    public ListWatch withFieldSelector(String selector) {
        return new ListWatch(transport, collectionPath, selector, typeName);
    }

    /** The list request: a consistent read of the whole collection (no resourceVersion). */
    HttpRequest listRequest() {
        return HttpRequest.get(collectionPath + (fieldSelector.isEmpty() ? "" : "?fieldSelector=" + encode(fieldSelector)));
    }

    /** The watch path from {@code resourceVersion}, with bookmarks and the server-side timeout client-go asks for. */
    String watchPath(String resourceVersion, long timeoutSeconds) {
        StringBuilder path = new StringBuilder(collectionPath).append("?allowWatchBookmarks=true");
        if (!fieldSelector.isEmpty()) {
            path.append("&fieldSelector=").append(encode(fieldSelector));
        }
        return path.append("&resourceVersion=").append(encode(resourceVersion))
                .append("&timeoutSeconds=").append(timeoutSeconds).append("&watch=true").toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
