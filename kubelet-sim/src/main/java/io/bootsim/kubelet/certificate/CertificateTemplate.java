package io.bootsim.kubelet.certificate;

import io.bootsim.core.pki.Subject;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What the certificate manager asks for (x509.CertificateRequest's template): subject and SANs.
 * A current certificate that does not satisfy it is rotated at once; extra SANs or organizations
 * in the certificate do not matter, only missing ones.
 */
// upstream: staging/src/k8s.io/client-go/util/certificate/certificate_manager.go certSatisfiesTemplateLocked
public record CertificateTemplate(String commonName, List<String> organizations, List<String> dnsNames,
                                  List<InetAddress> ipAddresses) {

    public CertificateTemplate {
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    public Subject subject() {
        return Subject.of(commonName, organizations.toArray(String[]::new));
    }

    /**
     * Why {@code certificate} does not satisfy this template, as the manager logs it; empty when
     * it does.
     */
    public Optional<String> unsatisfiedBy(X509Certificate certificate) {
        Subject subject = Subject.from(org.bouncycastle.asn1.x500.X500Name.getInstance(
                certificate.getSubjectX500Principal().getEncoded()));
        if (!commonName.equals(subject.commonName())) {
            return Optional.of("Current certificate CN (" + subject.commonName() + ") does not match requested CN ("
                    + commonName + ")");
        }
        List<String> certDns = new ArrayList<>();
        List<String> certIps = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        certDns.add((String) san.get(1));
                    } else if (Integer.valueOf(7).equals(san.get(0))) {
                        certIps.add(InetAddress.getByName((String) san.get(1)).getHostAddress());
                    }
                }
            }
        } catch (CertificateParsingException | java.net.UnknownHostException e) {
            return Optional.of("Current certificate has unreadable SANs: " + e.getMessage());
        }
        TreeSet<String> missingDns = missing(dnsNames, certDns);
        if (!missingDns.isEmpty()) {
            return Optional.of("Current certificate is missing requested DNS names " + goList(missingDns));
        }
        TreeSet<String> missingIps = missing(ipAddresses.stream().map(InetAddress::getHostAddress).toList(), certIps);
        if (!missingIps.isEmpty()) {
            return Optional.of("Current certificate is missing requested IP addresses " + goList(missingIps));
        }
        TreeSet<String> missingOrgs = missing(organizations, subject.organizations());
        if (!missingOrgs.isEmpty()) {
            return Optional.of("Current certificate is missing requested orgs " + goList(missingOrgs));
        }
        return Optional.empty();
    }

    private static TreeSet<String> missing(Collection<String> wanted, Collection<String> have) {
        TreeSet<String> out = new TreeSet<>(wanted);
        out.removeAll(have);
        return out;
    }

    private static String goList(Collection<String> items) {
        return "[" + String.join(" ", items) + "]";
    }
}
