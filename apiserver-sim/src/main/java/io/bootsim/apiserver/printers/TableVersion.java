package io.bootsim.apiserver.printers;

import io.bootsim.apiserver.endpoints.discovery.MediaRange;
import io.bootsim.core.version.KubeVersion;

import java.util.Optional;

/** The meta.k8s.io version of a Table response. */
public enum TableVersion {
    V1("meta.k8s.io/v1"),
    V1BETA1("meta.k8s.io/v1beta1");

    private final String apiVersion;

    TableVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public String apiVersion() {
        return apiVersion;
    }

    /**
     * The Table version to answer for an Accept header, or empty for the plain object or list:
     * the first entry naming a Table version the release serves (v1 since 1.15), unless a plain
     * JSON entry comes first. kubectl asks for v1, then v1beta1, then application/json.
     */
    public static Optional<TableVersion> negotiate(String accept, KubeVersion version) {
        for (MediaRange range : MediaRange.parseAccept(accept)) {
            if (range.isJsonAs("meta.k8s.io", "v1", "Table") && version.atLeast(1, 15)) {
                return Optional.of(V1);
            }
            if (range.isJsonAs("meta.k8s.io", "v1beta1", "Table")) {
                return Optional.of(V1BETA1);
            }
            if (!range.asksForTransform() && range.acceptsJson()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
