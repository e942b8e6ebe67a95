package io.bootsim.kubelet.bootstrap;

import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsrNameTest {

    private static final Subject SUBJECT = Subject.of("system:node:n1", "system:nodes");
    private static final List<String> USAGES = List.of("digital signature", "client auth");

    @Test
    void sameKeySubjectAndUsagesGiveTheSameName() {
        KeyPair keys = Keys.generate(KeyType.ECDSA_P256, RandomStreams.seeded(3).stream("k"));
        String name = CsrName.of(keys.getPublic().getEncoded(), SUBJECT, USAGES);
        assertEquals(name, CsrName.of(keys.getPublic().getEncoded(), SUBJECT, USAGES));
        assertTrue(name.matches("node-csr-[A-Za-z0-9_-]{43}"), name);
        assertNotEquals(name, CsrName.of(keys.getPublic().getEncoded(), Subject.of("system:node:n2", "system:nodes"),
                USAGES));
    }

    @Test
    void delimiterKeepsCnAndOrgApart() {
        byte[] key = {1, 2, 3};
        assertNotEquals(CsrName.of(key, Subject.of("foo", "bar"), List.of()),
                CsrName.of(key, Subject.of("foob", "ar"), List.of()));
    }
}
