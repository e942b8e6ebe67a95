package io.bootsim.bench;

import io.bootsim.core.http.Dials;
import io.bootsim.core.http.TlsProvider;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The connection check: on h2 each identity of a kubelet needs one connection, and one more fails the run;
 * a redial after a dial or handshake the kubelet abandoned, or after the server ended a connection, is counted
 * apart and does not.
 */
class StampedeResultTest {

    private static final int NODES = 3;

    private static StampedeResult result(StampedeResult.Connections connections, boolean kubeletsHere) {
        BenchSpec spec = new BenchSpec(NODES, KeyType.ECDSA_P256, KubeVersion.NEWEST, false, TlsProvider.JDK);
        Milestones m = new Milestones(NODES, false, kubeletsHere, 0);
        for (int i = 0; i < NODES; i++) {
            m.issued(Milestones.nodeName(i)); // one certificate each: two identities
        }
        return new StampedeResult(spec, null, m, 1, 1, 0, 0, 0, 0, 0,
                new LiveStampede.WatchAccounting(0, 0, 0, 0, kubeletsHere), connections, List.of(), List.of(), 0);
    }

    private static List<String> connectionFailures(StampedeResult result) {
        return result.failures().stream().filter(f -> f.contains("connections")).toList();
    }

    private static Dials[] kept(int... perNode) {
        return java.util.stream.IntStream.of(perNode).mapToObj(k -> new Dials(k, 0, 0)).toArray(Dials[]::new);
    }

    @Test
    void oneConnectionPerIdentityPasses() {
        assertEquals(List.of(), connectionFailures(result(new StampedeResult.Connections(kept(2, 2, 2), 6, 6, 0), true)));
    }

    @Test
    void aKubeletWithOneConnectionMoreThanItsIdentitiesNeedFailsTheRun() {
        assertEquals(List.of("1 of 3 kubelets opened more connections than their identities need "
                        + "(node-1 opened 3 for 2 identities)"),
                connectionFailures(result(new StampedeResult.Connections(kept(2, 3, 2), 7, 7, 0), true)));
    }

    @Test
    void aRedialAfterAnAbandonedHandshakeIsCountedApartAndPasses() {
        Dials[] perNode = {new Dials(2, 0, 0), new Dials(4, 2, 0), new Dials(2, 0, 0)};
        StampedeResult r = result(new StampedeResult.Connections(perNode, 8, 8, 2), true);
        assertEquals(List.of(), connectionFailures(r));
        assertEquals(2, r.connections().redials());
        assertEquals(8, r.connections().total(), "the report still counts every dial");
    }

    @Test
    void aDialReplacingAConnectionTheServerEndedIsCountedApartAndPasses() {
        Dials[] perNode = {new Dials(2, 0, 0), new Dials(3, 0, 1), new Dials(2, 0, 0)};
        StampedeResult r = result(new StampedeResult.Connections(perNode, 7, 7, 0), true);
        assertEquals(List.of(), connectionFailures(r));
        assertEquals(1, r.connections().redials());
    }

    @Test
    void aRedialBesidesAnAbandonedOneStillFailsTheRun() {
        Dials[] perNode = {new Dials(2, 0, 0), new Dials(4, 1, 0), new Dials(2, 0, 0)};
        assertEquals(List.of("1 of 3 kubelets opened more connections than their identities need "
                        + "(node-1 opened 3 for 2 identities, besides 1 redials)"),
                connectionFailures(result(new StampedeResult.Connections(perNode, 8, 8, 1), true)));
    }

    @Test
    void withTheKubeletsInAChildProcessTheApiserversCountIsChecked() {
        assertEquals(List.of(), connectionFailures(result(new StampedeResult.Connections(null, -1, 6, 0), false)));
        assertEquals(List.of("the kubelets' identities need 6 connections, the apiserver completed 7 handshakes with them"),
                connectionFailures(result(new StampedeResult.Connections(null, -1, 7, 0), false)));
    }

    @Test
    void withTheKubeletsInAChildProcessHandshakesTheyGaveUpOnAreRedials() {
        StampedeResult r = result(new StampedeResult.Connections(null, -1, 9, 3), false);
        assertEquals(List.of(), connectionFailures(r));
        assertEquals(3, r.connections().redials());
        assertEquals(List.of("the kubelets' identities need 6 connections, the apiserver completed 7 handshakes with them"),
                connectionFailures(result(new StampedeResult.Connections(null, -1, 9, 2), false)));
    }

    @Test
    void aClientMayHaveReadEventsWhoseWriteFailedAsItWentAwayButNoEventMayBeMissing() {
        // handed, unconfirmed (write failed as the client closed), received
        assertEquals(true, new LiveStampede.WatchAccounting(0, 154, 0, 154, true).settled());
        assertEquals(true, new LiveStampede.WatchAccounting(0, 154, 1, 155, true).settled());
        assertEquals(true, new LiveStampede.WatchAccounting(0, 154, 1, 154, true).settled());
        assertEquals(false, new LiveStampede.WatchAccounting(0, 154, 0, 155, true).settled());
        assertEquals(false, new LiveStampede.WatchAccounting(0, 154, 1, 153, true).settled(), "an event lost");
        assertEquals(false, new LiveStampede.WatchAccounting(1, 154, 0, 154, true).settled(), "one still queued");
    }
}
