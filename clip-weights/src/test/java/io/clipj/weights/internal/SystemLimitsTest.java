package io.clipj.weights.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits from {@code -Dclipj.*}: positive integers or a message naming the property, never a silent default. */
class SystemLimitsTest {

    private static final String NAME = "clipj.test.limit";

    @AfterEach
    void clear() {
        System.clearProperty(NAME);
    }

    @Test
    void unsetGivesTheDefaultAndAPositiveValueIsUsed() {
        assertThat(SystemLimits.positive(NAME, 64, 1000)).isEqualTo(64);
        System.setProperty(NAME, " 12 ");
        assertThat(SystemLimits.positiveInt(NAME, 64)).isEqualTo(12);
    }

    @Test
    void negativeZeroGarbageAndTooLargeAreRefusedByName() {
        for (String bad : new String[] {"-1", "0", "-9223372036854775808", "lots", "", "1e9", "3000000000"}) {
            System.setProperty(NAME, bad);
            assertThatThrownBy(() -> SystemLimits.positiveInt(NAME, 64)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("-D" + NAME + "=" + bad).hasMessageContaining("default is 64");
        }
    }
}
