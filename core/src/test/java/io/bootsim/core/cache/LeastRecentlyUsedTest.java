package io.bootsim.core.cache;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LeastRecentlyUsedTest {

    @Test
    void pastItsCapacityTheEntryLeastRecentlyReadOrWrittenIsForgotten() {
        Map<String, Integer> map = LeastRecentlyUsed.map(2);
        map.put("a", 1);
        map.put("b", 2);
        map.get("a"); // now b is the least recently used
        map.put("c", 3);
        assertEquals(Set.of("a", "c"), map.keySet());
    }
}
