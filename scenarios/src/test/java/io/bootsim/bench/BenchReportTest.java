package io.bootsim.bench;

import io.bootsim.core.http.Dials;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchReportTest {

    private static String heapLine(long heapBefore, long heapAfter) {
        BenchSpec spec = new BenchSpec(100, KeyType.ECDSA_P256, KubeVersion.NEWEST, false, TlsProvider.JDK);
        Milestones m = new Milestones(100, false, true, 0);
        StampedeResult result = new StampedeResult(spec, null, m, 1, 1, 0, 0, heapBefore, heapAfter, 200L << 20,
                new LiveStampede.WatchAccounting(0, 0, 0, 0, true),
                new StampedeResult.Connections(Stream.generate(() -> new Dials(2, 0, 0)).limit(100)
                        .toArray(Dials[]::new), 200, 200, 0), List.of(), List.of(), 0);
        return new BenchReport(result, null).format().lines().filter(l -> l.contains("heap")).findFirst().orElseThrow();
    }

    @Test
    void heapRetainedPerNodeIsWhatTheRunAddedAfterAGc() {
        String line = heapLine(50L << 20, 60L << 20);
        assertTrue(line.contains("retained after all Ready 10.0 MiB = 102.4 KiB per node"), line);
    }

    @Test
    void aRunThatEndsWithLessHeapThanItStartedWithSaysSoInsteadOfANegativeSizePerNode() {
        String line = heapLine(60L << 20, 59L << 20);
        assertTrue(line.contains("less than before the run (1.0 MiB less), too little to measure per node"), line);
        assertTrue(!line.contains("-"), line);
    }
}
