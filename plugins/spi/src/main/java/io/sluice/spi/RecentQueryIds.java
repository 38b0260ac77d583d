package io.sluice.spi;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The query id each thread made last with {@link UuidQueryIds#generate}, with its halves. */
final class RecentQueryIds {
    static final class Recent {
        String text;
        long high;
        long low;
    }

    static final ThreadLocal<Recent> RECENT = ThreadLocal.withInitial(Recent::new);

    private RecentQueryIds() {}

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        String id = new UUID(high, low).toString();
        Recent recent = RECENT.get();
        recent.text = id;
        recent.high = high;
        recent.low = low;
        return id;
    }
}
