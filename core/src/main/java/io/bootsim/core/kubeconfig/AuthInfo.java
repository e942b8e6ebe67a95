package io.bootsim.core.kubeconfig;

import java.util.Arrays;
import java.util.Objects;

import static io.bootsim.core.kubeconfig.Cluster.nullToEmpty;

/**
 * A kubeconfig user stanza (clientcmd api v1 AuthInfo): the credentials bootstrap uses. The
 * {@code -data} fields hold decoded bytes, empty when absent. toString never shows the token or
 * key material.
 */
public record AuthInfo(String clientCertificate, byte[] clientCertificateData, String clientKey, byte[] clientKeyData,
                       String token, String tokenFile) {

    public AuthInfo {
        clientCertificate = nullToEmpty(clientCertificate);
        clientCertificateData = clientCertificateData == null ? new byte[0] : clientCertificateData.clone();
        clientKey = nullToEmpty(clientKey);
        clientKeyData = clientKeyData == null ? new byte[0] : clientKeyData.clone();
        token = nullToEmpty(token);
        tokenFile = nullToEmpty(tokenFile);
    }

    public static AuthInfo token(String token) {
        return new AuthInfo("", null, "", null, token, "");
    }

    public static AuthInfo tokenFile(String path) {
        return new AuthInfo("", null, "", null, "", path);
    }

    /** Certificate and key files; the kubelet points both at one combined PEM. */
    public static AuthInfo clientCertificateFiles(String certificate, String key) {
        return new AuthInfo(certificate, null, key, null, "", "");
    }

    public static AuthInfo clientCertificateData(byte[] certificatePem, byte[] keyPem) {
        return new AuthInfo("", certificatePem, "", keyPem, "", "");
    }

    @Override
    public byte[] clientCertificateData() {
        return clientCertificateData.clone();
    }

    @Override
    public byte[] clientKeyData() {
        return clientKeyData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthInfo a && clientCertificate.equals(a.clientCertificate)
                && Arrays.equals(clientCertificateData, a.clientCertificateData) && clientKey.equals(a.clientKey)
                && Arrays.equals(clientKeyData, a.clientKeyData) && token.equals(a.token) && tokenFile.equals(a.tokenFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientCertificate, Arrays.hashCode(clientCertificateData), clientKey,
                Arrays.hashCode(clientKeyData), token, tokenFile);
    }

    @Override
    public String toString() {
        return "AuthInfo[client-certificate=" + clientCertificate + ", client-certificate-data="
                + clientCertificateData.length + " bytes, client-key=" + clientKey + ", client-key-data="
                + (clientKeyData.length == 0 ? "" : "<redacted>") + ", token=" + (token.isEmpty() ? "" : "<redacted>")
                + ", tokenFile=" + tokenFile + "]";
    }
}
