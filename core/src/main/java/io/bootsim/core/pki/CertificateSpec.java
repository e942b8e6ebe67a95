package io.bootsim.core.pki;

import io.bootsim.core.time.Clock;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What goes into a certificate (the template of Go's x509.CreateCertificate): subject, SANs, usages
 * named as in a CSR's {@code spec.usages}, CA flag, validity and serial. A null serial means "draw
 * 128 random bits when signing", as the csrsigning controller does. The issuer decides the times:
 * the signer backdates NotBefore by five minutes, a test may set any instant.
 */
public record CertificateSpec(Subject subject, List<String> dnsNames, List<InetAddress> ipAddresses,
                              List<String> emailAddresses, List<URI> uris, List<String> usages, boolean isCA,
                              Instant notBefore, Instant notAfter, BigInteger serialNumber) {

    public CertificateSpec {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        emailAddresses = List.copyOf(emailAddresses);
        uris = List.copyOf(uris);
        usages = List.copyOf(usages);
        if (serialNumber != null && serialNumber.signum() < 0) {
            throw new IllegalArgumentException("serial number must not be negative, got " + serialNumber);
        }
    }

    public static Builder builder(Subject subject) {
        return new Builder(subject);
    }

    public boolean hasSubjectAltNames() {
        return !dnsNames.isEmpty() || !ipAddresses.isEmpty() || !emailAddresses.isEmpty() || !uris.isEmpty();
    }

    /** A copy with another validity window, for signers that compute their own times. */
    public CertificateSpec withValidity(Instant notBefore, Instant notAfter) {
        return new CertificateSpec(subject, dnsNames, ipAddresses, emailAddresses, uris, usages, isCA,
                notBefore, notAfter, serialNumber);
    }

    public static final class Builder {
        private final Subject subject;
        private final List<String> dnsNames = new ArrayList<>();
        private final List<InetAddress> ipAddresses = new ArrayList<>();
        private final List<String> emailAddresses = new ArrayList<>();
        private final List<URI> uris = new ArrayList<>();
        private final List<String> usages = new ArrayList<>();
        private boolean isCA;
        private Instant notBefore;
        private Instant notAfter;
        private BigInteger serialNumber;

        private Builder(Subject subject) {
            this.subject = subject;
        }

        public Builder dnsNames(String... names) {
            dnsNames.addAll(List.of(names));
            return this;
        }

        public Builder ipAddresses(InetAddress... ips) {
            ipAddresses.addAll(List.of(ips));
            return this;
        }

        /** IP literals such as "10.0.0.1" or "::1"; never a host name (no DNS lookup happens). */
        public Builder ipAddresses(String... literals) {
            for (String literal : literals) {
                ipAddresses.add(ipLiteral(literal));
            }
            return this;
        }

        public Builder emailAddresses(String... addresses) {
            emailAddresses.addAll(List.of(addresses));
            return this;
        }

        public Builder uris(URI... values) {
            uris.addAll(List.of(values));
            return this;
        }

        /** Usages as Kubernetes names them: "digital signature", "key encipherment", "client auth", ... */
        public Builder usages(String... values) {
            usages.addAll(List.of(values));
            return this;
        }

        public Builder usages(List<String> values) {
            usages.addAll(values);
            return this;
        }

        public Builder ca(boolean value) {
            isCA = value;
            return this;
        }

        public Builder validity(Instant from, Instant until) {
            notBefore = from;
            notAfter = until;
            return this;
        }

        /** Valid from the clock's now for {@code lifetime}. */
        public Builder validFor(Clock clock, Duration lifetime) {
            Instant now = clock.now();
            return validity(now, now.plus(lifetime));
        }

        public Builder serialNumber(BigInteger value) {
            serialNumber = value;
            return this;
        }

        public CertificateSpec build() {
            if (notBefore == null) {
                throw new IllegalStateException("certificate validity not set: call validity(...) or validFor(...)");
            }
            return new CertificateSpec(subject, dnsNames, ipAddresses, emailAddresses, uris, usages, isCA,
                    notBefore, notAfter, serialNumber);
        }
    }

    /** Parses an IP literal without resolving anything; a host name is an error, not a lookup. */
    public static InetAddress ipLiteral(String literal) {
        if (!org.bouncycastle.util.IPAddress.isValid(literal)) {
            throw new IllegalArgumentException("invalid IP address \"" + literal + "\"");
        }
        try {
            return InetAddress.getByName(literal); // a validated literal is parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid IP address \"" + literal + "\"", e);
        }
    }
}
