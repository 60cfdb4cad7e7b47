package io.clipj.index.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SignCodes} of each segment, built once (on first use, or ahead of it on another thread) and kept
 * until Lucene closes the segment's core, so that every reader sharing a segment shares its codes.
 *
 * <p>Thread-safe: concurrent requests for one segment build it once; the others wait for it.
 */
public final class CodeCache {

    private static final Logger LOG = LoggerFactory.getLogger(CodeCache.class);
    private static final Object NO_VECTORS = new Object();

    private final Map<Object, Object> codes = new ConcurrentHashMap<>();
    private final Set<Object> building = ConcurrentHashMap.newKeySet();

    /** Builds the codes of segments not seen before (so that the first search does not pay for them). */
    public void warm(IndexReader reader, String field) throws IOException {
        for (LeafReaderContext leaf : reader.leaves()) {
            of(leaf.reader(), field);
        }
    }

    /**
     * {@link #warm} on {@code builder}, holding a reference to {@code reader} meanwhile; nothing if the reader's
     * codes are ready or being built. An error is logged as a warning; searches stay exact until a later
     * attempt succeeds.
     */
    public void warmInBackground(IndexReader reader, String field, ExecutorService builder) {
        IndexReader.CacheHelper helper = reader.getReaderCacheHelper();
        Object key = helper == null ? reader : helper.getKey();
        if (ready(reader) || !building.add(key)) {
            return;
        }
        if (!reader.tryIncRef()) {
            building.remove(key);
            return;
        }
        try {
            builder.execute(() -> {
                try {
                    warm(reader, field);
                } catch (IOException | RuntimeException e) {
                    // searches stay exact (and correct) and try again; say why they are slow
                    LOG.warn("could not build the search codes of {}: {}", reader, e.toString());
                } finally {
                    building.remove(key);
                    try {
                        reader.decRef();
                    } catch (IOException ignored) {
                        // closing a reader nobody else holds; nothing to report to
                    }
                }
            });
        } catch (RuntimeException e) { // rejected: the builder is shut down
            building.remove(key);
            try {
                reader.decRef();
            } catch (IOException ignored) {
                // as above
            }
        }
    }

    /** Whether every segment of {@code reader} has its codes built, so that a search does not wait for them. */
    public boolean ready(IndexReader reader) {
        for (LeafReaderContext leaf : reader.leaves()) {
            IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
            if (helper == null || !codes.containsKey(helper.getKey())) {
                return false;
            }
        }
        return true;
    }

    /** The codes of {@code field} in {@code segment} (built now if they are not yet), or {@code null} if it has none. */
    SignCodes of(LeafReader segment, String field) throws IOException {
        IndexReader.CacheHelper helper = segment.getCoreCacheHelper();
        if (helper == null) {
            return SignCodes.build(segment, field);
        }
        Object cached;
        try {
            cached = codes.computeIfAbsent(helper.getKey(), key -> {
                try {
                    SignCodes built = SignCodes.build(segment, field);
                    helper.addClosedListener(codes::remove); // dropped with the segment
                    return built == null ? NO_VECTORS : built;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return cached == NO_VECTORS ? null : (SignCodes) cached;
    }
}
