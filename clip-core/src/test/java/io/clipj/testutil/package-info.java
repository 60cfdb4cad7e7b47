/** Test helpers: golden reference data of the tiny model and mismatch-collecting comparisons. */
package io.clipj.testutil;
