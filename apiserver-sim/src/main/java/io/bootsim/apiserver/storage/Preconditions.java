package io.bootsim.apiserver.storage;

/** DeleteOptions.preconditions: the delete happens only if the object still has this uid/resourceVersion ("" = any). */
public record Preconditions(String uid, String resourceVersion) {

    public static final Preconditions NONE = new Preconditions("", "");

    public Preconditions {
        uid = uid == null ? "" : uid;
        resourceVersion = resourceVersion == null ? "" : resourceVersion;
    }
}
