package io.bootsim.core.kubeconfig;

import java.nio.file.Path;
import java.util.List;

/**
 * A kubeconfig that cannot be loaded or used. {@link #getMessage()} names the file and, where
 * there is one, the field ({@code bootstrap.kubeconfig: users[0].user.client-certificate-data:
 * illegal base64 data at input byte 0}); {@link #upstreamMessage()} is the text client-go returns
 * for the same problem, which the simulated kubelet and kubectl print; {@link #reasons()} are the
 * individual validation errors (kubectl lists them as "Error in configuration:" bullets).
 */
public final class KubeconfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String field;
    private final String upstreamMessage;
    private final List<String> reasons;

    KubeconfigException(Path file, String field, String detail, String upstreamMessage, List<String> reasons) {
        super((file == null ? "kubeconfig" : file.toString()) + (field == null ? "" : ": " + field) + ": " + detail);
        this.file = file;
        this.field = field;
        this.upstreamMessage = upstreamMessage;
        this.reasons = List.copyOf(reasons);
    }

    /** The file could not be read or decoded; client-go wraps such errors as the loading rules do. */
    static KubeconfigException loading(Path file, String field, String detail) {
        return new KubeconfigException(file, field, detail,
                "error loading config file \"" + file + "\": " + detail, List.of(detail));
    }

    /** ConfirmUsable found problems with the current context; client-go aggregates them. */
    // upstream: staging/src/k8s.io/client-go/tools/clientcmd/validation.go errConfigurationInvalid
    static KubeconfigException invalid(Path file, List<String> reasons) {
        String aggregate = reasons.size() == 1 ? reasons.get(0) : "[" + String.join(", ", reasons) + "]";
        String text = "invalid configuration: " + aggregate;
        return new KubeconfigException(file, null, text, text, reasons);
    }

    /** A plain error that client-go returns unwrapped (stat of a missing file, reading a token file). */
    static KubeconfigException plain(Path file, String upstreamMessage) {
        return new KubeconfigException(file, null, upstreamMessage, upstreamMessage, List.of(upstreamMessage));
    }

    public Path file() {
        return file;
    }

    /** The field path ({@code clusters[0].cluster.server}), or null when the problem is not one field. */
    public String field() {
        return field;
    }

    public String upstreamMessage() {
        return upstreamMessage;
    }

    public List<String> reasons() {
        return reasons;
    }
}
