package io.bootsim.core.kubeconfig;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a client needs from a kubeconfig's current context (client-go's rest.Config after
 * ClientConfig()): where to connect, how to verify the server, who to be. File paths are absolute
 * (resolved against the kubeconfig's directory) and empty when not configured; the byte fields hold
 * the effective material, from the {@code -data} field when present ("will override") or else read
 * from the file. toString never shows the token or key.
 */
public record RestConfig(String contextName, String server, String caFile, byte[] caData,
                         boolean insecureSkipTlsVerify, String tlsServerName, String bearerToken,
                         String bearerTokenFile, String certFile, byte[] certData, String keyFile, byte[] keyData,
                         String namespace) {

    public RestConfig {
        caData = caData.clone();
        certData = certData.clone();
        keyData = keyData.clone();
    }

    @Override
    public byte[] caData() {
        return caData.clone();
    }

    @Override
    public byte[] certData() {
        return certData.clone();
    }

    @Override
    public byte[] keyData() {
        return keyData.clone();
    }

    public boolean hasClientCertificate() {
        return certData.length > 0;
    }

    public boolean hasBearerToken() {
        return !bearerToken.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RestConfig r && contextName.equals(r.contextName) && server.equals(r.server)
                && caFile.equals(r.caFile) && Arrays.equals(caData, r.caData)
                && insecureSkipTlsVerify == r.insecureSkipTlsVerify && tlsServerName.equals(r.tlsServerName)
                && bearerToken.equals(r.bearerToken) && bearerTokenFile.equals(r.bearerTokenFile)
                && certFile.equals(r.certFile) && Arrays.equals(certData, r.certData) && keyFile.equals(r.keyFile)
                && Arrays.equals(keyData, r.keyData) && namespace.equals(r.namespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contextName, server, caFile, Arrays.hashCode(caData), insecureSkipTlsVerify, tlsServerName,
                bearerToken, bearerTokenFile, certFile, Arrays.hashCode(certData), keyFile, Arrays.hashCode(keyData),
                namespace);
    }

    @Override
    public String toString() {
        return "RestConfig[context=" + contextName + ", server=" + server + ", caFile=" + caFile + ", caData="
                + caData.length + " bytes, insecure=" + insecureSkipTlsVerify + ", tlsServerName=" + tlsServerName
                + ", bearerToken=" + (bearerToken.isEmpty() ? "" : "<redacted>") + ", bearerTokenFile="
                + bearerTokenFile + ", certFile=" + certFile + ", certData=" + certData.length + " bytes, keyFile="
                + keyFile + ", keyData=" + (keyData.length == 0 ? "" : "<redacted>") + ", namespace=" + namespace + "]";
    }
}
