package io.bootsim.bench;

import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The connection check: on h2 each identity of a kubelet needs one connection, and one more fails the run. */
class StampedeResultTest {

    private static final int NODES = 3;

    private static StampedeResult result(StampedeResult.Connections connections, boolean kubeletsHere) {
        BenchSpec spec = new BenchSpec(NODES, KeyType.ECDSA_P256, KubeVersion.NEWEST, false, TlsProvider.JDK);
        Milestones m = new Milestones(NODES, false, kubeletsHere, 0);
        for (int i = 0; i < NODES; i++) {
            m.issued(Milestones.nodeName(i)); // one certificate each: two identities
        }
        return new StampedeResult(spec, null, m, 1, 1, 0, 0, 0, 0,
                new LiveStampede.WatchAccounting(0, 0, 0, kubeletsHere), connections, List.of(), List.of(), 0);
    }

    private static List<String> connectionFailures(StampedeResult result) {
        return result.failures().stream().filter(f -> f.contains("connections")).toList();
    }

    @Test
    void oneConnectionPerIdentityPasses() {
        assertEquals(List.of(), connectionFailures(result(new StampedeResult.Connections(new int[] {2, 2, 2}, 6, 6), true)));
    }

    @Test
    void aKubeletWithOneConnectionMoreThanItsIdentitiesNeedFailsTheRun() {
        assertEquals(List.of("1 of 3 kubelets opened more connections than their identities need "
                        + "(node-1 opened 3 for 2 identities)"),
                connectionFailures(result(new StampedeResult.Connections(new int[] {2, 3, 2}, 7, 7), true)));
    }

    @Test
    void withTheKubeletsInAChildProcessTheApiserversCountIsChecked() {
        assertEquals(List.of(), connectionFailures(result(new StampedeResult.Connections(null, -1, 6), false)));
        assertEquals(List.of("the kubelets' identities need 6 connections, the apiserver accepted 7 from them"),
                connectionFailures(result(new StampedeResult.Connections(null, -1, 7), false)));
    }
}
