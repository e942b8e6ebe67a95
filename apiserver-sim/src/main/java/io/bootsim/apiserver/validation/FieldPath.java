package io.bootsim.apiserver.validation;

/**
 * The path of a field inside an object, printed as upstream's field.Path prints it:
 * {@code spec.usages[1]}, {@code status.conditions[0].type}, {@code metadata.labels[app]}
 * (k8s.io/apimachinery pkg/util/validation/field/path.go).
 */
public final class FieldPath {

    private final FieldPath parent;
    private final String segment;

    private FieldPath(FieldPath parent, String segment) {
        this.parent = parent;
        this.segment = segment;
    }

    /** A path from the object's root: {@code FieldPath.of("spec", "signerName")}. */
    public static FieldPath of(String root, String... children) {
        FieldPath path = new FieldPath(null, root);
        for (String child : children) {
            path = path.child(child);
        }
        return path;
    }

    public FieldPath child(String name) {
        return new FieldPath(this, "." + name);
    }

    public FieldPath index(int i) {
        return new FieldPath(this, "[" + i + "]");
    }

    public FieldPath key(String key) {
        return new FieldPath(this, "[" + key + "]");
    }

    @Override
    public String toString() {
        return parent == null ? segment : parent + segment;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && p.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
