package io.bootsim.kubelet;

import io.bootsim.core.version.KubeVersion;

import java.util.List;
import java.util.Map;

/**
 * What one kubelet is told, after flags and the KubeletConfiguration file are merged: the
 * embeddable form the scenario runner builds directly. Paths are as given (the {@link NodeRoot}
 * maps them).
 *
 * @param authorizationMode "AlwaysAllow" or "Webhook"
 */
public record KubeletOptions(KubeVersion version, String nodeName, String bootstrapKubeconfig, String kubeconfig,
                             String certDir, boolean rotateCertificates, boolean serverTlsBootstrap,
                             Map<String, Boolean> featureGates, String tlsCertFile, String tlsPrivateKeyFile,
                             List<String> nodeIps, Map<String, String> nodeLabels, boolean registerNode,
                             String address, int port, String clientCaFile, boolean anonymousAuth,
                             boolean webhookAuthentication, String authorizationMode) {

    public KubeletOptions {
        featureGates = Map.copyOf(featureGates);
        nodeIps = List.copyOf(nodeIps);
        nodeLabels = Map.copyOf(nodeLabels);
    }

    public KubeletRelease release() {
        return new KubeletRelease(version);
    }

    public KubeletOptions withNodeName(String name) {
        return new KubeletOptions(version, name, bootstrapKubeconfig, kubeconfig, certDir, rotateCertificates,
                serverTlsBootstrap, featureGates, tlsCertFile, tlsPrivateKeyFile, nodeIps, nodeLabels, registerNode,
                address, port, clientCaFile, anonymousAuth, webhookAuthentication, authorizationMode);
    }

    public KubeletOptions withPort(int p) {
        return new KubeletOptions(version, nodeName, bootstrapKubeconfig, kubeconfig, certDir, rotateCertificates,
                serverTlsBootstrap, featureGates, tlsCertFile, tlsPrivateKeyFile, nodeIps, nodeLabels, registerNode,
                address, p, clientCaFile, anonymousAuth, webhookAuthentication, authorizationMode);
    }

    /** Client rotation: the flag, and before 1.21 also the RotateKubeletClientCertificate gate (default on). */
    public boolean clientRotation() {
        return rotateCertificates && (!release().hasClientRotationGate()
                || featureGates.getOrDefault("RotateKubeletClientCertificate", true));
    }

    /**
     * Whether a serving certificate is requested by CSR: serverTLSBootstrap and the
     * RotateKubeletServerCertificate gate; before 1.11 the gate alone (with TLS serving on).
     */
    // upstream: pkg/kubelet/kubelet.go NewMainKubelet (serverCertificateManager)
    public boolean servingCertificateByCsr() {
        boolean gate = featureGates.getOrDefault("RotateKubeletServerCertificate",
                release().serverRotationGateDefault());
        return release().hasServerTlsBootstrap() ? serverTlsBootstrap && gate : gate;
    }
}
