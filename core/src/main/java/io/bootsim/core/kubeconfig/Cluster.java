package io.bootsim.core.kubeconfig;

/**
 * A kubeconfig cluster stanza (clientcmd api v1 Cluster), as written in the file: paths are kept
 * as given and resolved only when a client config is built. {@code certificateAuthorityData} is the
 * decoded bytes of {@code certificate-authority-data}, empty when absent.
 */
public record Cluster(String server, String certificateAuthority, byte[] certificateAuthorityData,
                      boolean insecureSkipTlsVerify, String tlsServerName) {

    public Cluster {
        server = nullToEmpty(server);
        certificateAuthority = nullToEmpty(certificateAuthority);
        certificateAuthorityData = certificateAuthorityData == null ? new byte[0] : certificateAuthorityData.clone();
        tlsServerName = nullToEmpty(tlsServerName);
    }

    public static Cluster server(String server) {
        return new Cluster(server, "", null, false, "");
    }

    public Cluster withCertificateAuthority(String path) {
        return new Cluster(server, path, certificateAuthorityData, insecureSkipTlsVerify, tlsServerName);
    }

    public Cluster withCertificateAuthorityData(byte[] pem) {
        return new Cluster(server, certificateAuthority, pem, insecureSkipTlsVerify, tlsServerName);
    }

    public Cluster withInsecureSkipTlsVerify(boolean insecure) {
        return new Cluster(server, certificateAuthority, certificateAuthorityData, insecure, tlsServerName);
    }

    public Cluster withTlsServerName(String name) {
        return new Cluster(server, certificateAuthority, certificateAuthorityData, insecureSkipTlsVerify, name);
    }

    @Override
    public byte[] certificateAuthorityData() {
        return certificateAuthorityData.clone();
    }

    /** All fields zero: what a context naming a missing cluster gets (client-go's NewCluster()). */
    boolean isEmpty() {
        return server.isEmpty() && certificateAuthority.isEmpty() && certificateAuthorityData.length == 0
                && !insecureSkipTlsVerify && tlsServerName.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cluster c && server.equals(c.server) && certificateAuthority.equals(c.certificateAuthority)
                && java.util.Arrays.equals(certificateAuthorityData, c.certificateAuthorityData)
                && insecureSkipTlsVerify == c.insecureSkipTlsVerify && tlsServerName.equals(c.tlsServerName);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(server, certificateAuthority, java.util.Arrays.hashCode(certificateAuthorityData),
                insecureSkipTlsVerify, tlsServerName);
    }

    @Override
    public String toString() {
        return "Cluster[server=" + server + ", certificate-authority=" + certificateAuthority
                + ", certificate-authority-data=" + certificateAuthorityData.length + " bytes"
                + ", insecure-skip-tls-verify=" + insecureSkipTlsVerify + ", tls-server-name=" + tlsServerName + "]";
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
