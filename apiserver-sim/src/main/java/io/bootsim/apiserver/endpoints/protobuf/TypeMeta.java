package io.bootsim.apiserver.endpoints.protobuf;

/** apiVersion and kind, as runtime.TypeMeta carries them in the protobuf envelope. */
public record TypeMeta(String apiVersion, String kind) {

    /** The version part of apiVersion ("v1" of "authorization.k8s.io/v1"), as upstream's messages quote it. */
    public String version() {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }

    /** Fills what the envelope left empty from the type the handler decodes into (gvkWithDefaults). */
    TypeMeta withDefaults(TypeMeta into) {
        return new TypeMeta(apiVersion.isEmpty() ? into.apiVersion : apiVersion, kind.isEmpty() ? into.kind : kind);
    }
}
