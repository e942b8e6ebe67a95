package io.bootsim.diagnose;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correct configurations, kubeadm style and 1.9 systemd style: bootstrapped, nothing above a warning. */
class DiagnoseCatalogTest {

    @TempDir
    Path dir;

    static DiagnoseReport diagnose(MachineRoots roots, Path dir) throws Exception {
        DiagnoseReport r = Diagnose.run(roots.write(dir), Optional.empty());
        System.out.println(r.text());
        return r;
    }

    @Test
    void correctKubeadmClusterBootstrapsWithoutFindingsAboveWarning() throws Exception {
        DiagnoseReport r = diagnose(MachineRoots.kubeadm(), dir);
        assertEquals("1.33", r.version().version().toString());
        assertEquals(DiagnoseReport.BOOTSTRAPPED, r.outcome(), r.text());
        assertTrue(r.healthy(), r.text());
    }

    @Test
    void correctSystemdClusterOfThe19EraBootstraps() throws Exception {
        DiagnoseReport r = diagnose(MachineRoots.systemd19(), dir);
        assertEquals("1.9", r.version().version().toString());
        assertEquals(DiagnoseReport.BOOTSTRAPPED, r.outcome(), r.text());
        assertTrue(r.healthy(), r.text());
    }
}
