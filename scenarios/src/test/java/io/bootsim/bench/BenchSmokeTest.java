package io.bootsim.bench;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bench's CI smoke test: 200 kubelets bootstrap at once against the in-process control plane
 * and every correctness check holds (one client certificate each, each CSR signed once, every
 * node Ready, no watch event lost). Times are printed by the bench itself, never asserted.
 */
class BenchSmokeTest {

    @Test
    void twoHundredKubeletsBootstrapAtOnceAndEveryCheckHolds(@TempDir Path dir) throws Exception {
        BenchSpec spec = new BenchSpec(200, KeyType.ECDSA_P256, KubeVersion.NEWEST, false, TlsProvider.JDK);
        StampedeResult result = new LiveStampede(spec, dir).run(p -> { });
        System.out.print(new BenchReport(result, null).format());
        assertEquals(List.of(), result.failures());
    }
}
