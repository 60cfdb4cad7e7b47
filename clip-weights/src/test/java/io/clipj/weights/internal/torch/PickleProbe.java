package io.clipj.weights.internal.torch;

import io.clipj.weights.CheckpointFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only window into the package-private pickle machine for the fuzz tests in {@code torch.fuzz}: runs a
 * pickle with the real state-dict policy and reports every global the policy handed back to the machine
 * (that is, every global the pickle could act on).
 */
public final class PickleProbe {

    private PickleProbe() {
    }

    /** What one run did: the globals resolved (in order) and the error that ended it, if any. */
    public record Run(List<String> resolvedGlobals, CheckpointFormatException error) {
    }

    /** Runs {@code pickle} to its STOP or first error. */
    public static Run run(byte[] pickle) {
        StateDictGlobals policy = new StateDictGlobals("fuzz.pkl");
        List<String> resolved = new ArrayList<>();
        PickleReader.Globals recording = (module, name) -> {
            Object v = policy.resolve(module, name);
            resolved.add(module + "." + name);
            return v;
        };
        try {
            new PickleReader(pickle, "fuzz.pkl", recording, policy).load();
            return new Run(resolved, null);
        } catch (CheckpointFormatException e) {
            return new Run(resolved, e);
        }
    }
}
