package io.bootsim.core.http;

import io.bootsim.core.pki.CertificateSignature;
import io.bootsim.core.time.Clock;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Verifies the apiserver's certificate as a Go client does (crypto/x509 Certificate.Verify with
 * the kubeconfig's CA as the only root), but at the component's own clock instead of the
 * machine's, so a kubelet with a skewed clock fails exactly as a real one would. The order of
 * checks is Go's: the leaf's validity period, then the host name, then a chain to a trusted root,
 * then the server-auth key usage.
 */
final class ServerCertificateVerifier extends X509ExtendedTrustManager {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String ANY_EKU = "2.5.29.37.0";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_DEPTH = 8;

    private final List<X509Certificate> roots;
    private final String host;
    private final Clock clock;
    private final GoErrorTexts texts;
    private final Runnable checked;

    /** @param checked runs at each check: once per full handshake, never for a resumed session */
    ServerCertificateVerifier(List<X509Certificate> roots, String host, Clock clock, GoErrorTexts texts,
                              Runnable checked) {
        this.roots = List.copyOf(roots);
        this.host = host;
        this.clock = clock;
        this.texts = texts;
        this.checked = checked;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checked.run();
        verify(Arrays.asList(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checked.run();
        verify(Arrays.asList(chain));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(Arrays.asList(chain));
    }

    /** Throws with Go's text if Go would reject {@code presented} (leaf first) for this host at the clock's now. */
    void verify(List<X509Certificate> presented) throws X509VerificationException {
        Instant now = clock.now();
        X509Certificate leaf = presented.get(0);
        String invalid = validityError(leaf, now);
        if (invalid != null) {
            throw new X509VerificationException(invalid);
        }
        String hostError = hostnameError(leaf);
        if (hostError != null) {
            throw new X509VerificationException(hostError);
        }
        if (!roots.contains(leaf)) {
            Hint hint = new Hint();
            if (!chainsToRoot(leaf, presented.subList(1, presented.size()), now, hint, 0)) {
                throw new X509VerificationException(hint.cert == null ? texts.unknownAuthority()
                        : texts.unknownAuthority(hint.error, displayName(hint.cert)));
            }
        }
        if (!allowsServerAuth(leaf)) {
            throw new X509VerificationException("x509: certificate specifies an incompatible key usage");
        }
    }

    /** The first failing candidate parent, which Go names in its unknown-authority message. */
    private static final class Hint {
        String error;
        X509Certificate cert;

        void offer(String error, X509Certificate cert) {
            if (this.cert == null) {
                this.error = error;
                this.cert = cert;
            }
        }
    }

    private boolean chainsToRoot(X509Certificate cert, List<X509Certificate> intermediates, Instant now, Hint hint,
                                 int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        for (X509Certificate root : roots) {
            if (isParent(cert, root, now, hint)) {
                return true;
            }
        }
        for (X509Certificate intermediate : intermediates) {
            if (intermediate != cert && isParent(cert, intermediate, now, hint)
                    && chainsToRoot(intermediate, intermediates, now, hint, depth + 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean isParent(X509Certificate child, X509Certificate candidate, Instant now, Hint hint) {
        if (!child.getIssuerX500Principal().equals(candidate.getSubjectX500Principal())) {
            return false;
        }
        String signatureError = CertificateSignature.checkSignatureFrom(child, candidate);
        if (signatureError != null) {
            hint.offer(signatureError, candidate);
            return false;
        }
        String invalid = validityError(candidate, now);
        if (invalid != null) {
            hint.offer(invalid, candidate);
            return false;
        }
        return true;
    }

    private String validityError(X509Certificate cert, Instant now) {
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        return now.isBefore(notBefore) || now.isAfter(notAfter) ? texts.expired(now, notBefore, notAfter) : null;
    }

    /** Certificate.VerifyHostname and HostnameError.Error. */
    private String hostnameError(X509Certificate leaf) {
        String candidate = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> dnsNames = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        boolean hasSans = subjectAltNames(leaf, dnsNames, ips);
        String commonName = commonName(leaf);
        InetAddress ip = ipLiteral(candidate);
        if (ip != null) {
            if (ips.contains(ip)) {
                return null;
            }
        } else {
            List<String> names = dnsNames;
            if (texts.commonNameIsHostname() && !hasSans && !commonName.isEmpty()) {
                names = List.of(commonName); // before Go 1.15 the CN stood in for missing SANs
            }
            for (String name : names) {
                if (matchHostnames(name, candidate)) {
                    return null;
                }
            }
        }
        if (!texts.commonNameIsHostname() && !hasSans && matchHostnames(commonName, candidate)) {
            return texts.legacyCommonName();
        }
        if (ip != null) {
            if (ips.isEmpty()) {
                return texts.noIpSans(candidate);
            }
            return texts.validFor(String.join(", ", ips.stream().map(ServerCertificateVerifier::goIp).toList()),
                    candidate);
        }
        return texts.validFor(String.join(", ", dnsNames), candidate);
    }

    /** Fills DNS names and IPs; returns whether the certificate has a SAN extension at all. */
    private static boolean subjectAltNames(X509Certificate cert, List<String> dns, List<InetAddress> ips) {
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans == null) {
                return false;
            }
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == 2) {
                    dns.add((String) san.get(1));
                } else if (type == 7) {
                    InetAddress address = ipLiteral((String) san.get(1));
                    if (address != null) {
                        ips.add(address);
                    }
                }
            }
            return true;
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** Go's matchHostnames: case-insensitive, a wildcard only as the whole leftmost label. */
    private static boolean matchHostnames(String pattern, String host) {
        if (pattern.isEmpty() || host.isEmpty()) {
            return false;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String p = pattern.endsWith(".") ? pattern.substring(0, pattern.length() - 1) : pattern;
        String[] patternParts = p.toLowerCase(Locale.ROOT).split("\\.", -1);
        String[] hostParts = h.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (patternParts.length != hostParts.length) {
            return false;
        }
        for (int i = 0; i < patternParts.length; i++) {
            if (!(i == 0 && patternParts[i].equals("*")) && !patternParts[i].equals(hostParts[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowsServerAuth(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages == null || usages.contains(SERVER_AUTH) || usages.contains(ANY_EKU);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** A literal IPv4 or IPv6 address, or null for a host name: never a DNS lookup. */
    private static InetAddress ipLiteral(String text) {
        if (!IPV4.matcher(text).matches() && !text.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** net.IP.String: dotted IPv4, IPv6 with the longest run of two or more zero groups as "::". */
    private static String goIp(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return address.getHostAddress();
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    private static String commonName(X509Certificate cert) {
        RDN[] cns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return cns.length == 0 ? "" : IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    /** How Go names a candidate CA in its hint: CN, else first organization, else the serial. */
    private static String displayName(X509Certificate cert) {
        String cn = commonName(cert);
        if (!cn.isEmpty()) {
            return cn;
        }
        RDN[] orgs = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.O);
        return orgs.length > 0 ? IETFUtils.valueToString(orgs[0].getFirst().getValue())
                : "serial:" + cert.getSerialNumber();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("a client does not verify client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a client does not verify client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client does not verify client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return roots.toArray(X509Certificate[]::new);
    }
}
