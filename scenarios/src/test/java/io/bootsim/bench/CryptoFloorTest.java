package io.bootsim.bench;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CryptoFloorTest {

    @Test
    void oneAtATimeTimesFullCheckedHandshakesWithTheCasKeyType() throws Exception {
        // throws unless every handshake was a full one whose chains were checked
        double millis = CryptoFloor.oneAtATime(TlsProvider.JDK).handshakeMillis(5, 2, KeyType.RSA_2048, KubeVersion.NEWEST);
        assertTrue(millis > 0 && Double.isFinite(millis), "ms per handshake: " + millis);
    }
}
