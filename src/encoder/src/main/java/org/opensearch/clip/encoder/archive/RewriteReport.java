package org.opensearch.clip.encoder.archive;

/**
 * What rewriting an archive changed.
 *
 * @param devicesChanged device constants in the code that named another device
 * @param castsChanged float16 dtype constants in the code that became float32
 * @param storagesWidened float16 tensor storages written as float32
 * @param halfStorages float16 tensor storages the archive holds
 * @param storages tensor storages the archive holds
 */
public record RewriteReport(int devicesChanged, int castsChanged, int storagesWidened, int halfStorages, int storages) {
    /** Whether the archive was already right for the target, so no rewritten copy was written. */
    public boolean unchanged() {
        return devicesChanged == 0 && castsChanged == 0 && storagesWidened == 0;
    }

    @Override
    public String toString() {
        return unchanged()
            ? "archive used as it is (" + storages + " storages, " + halfStorages + " float16)"
            : devicesChanged + " device constants retargeted, " + castsChanged + " float16 casts made float32, " + storagesWidened
                + " of " + storages + " storages widened from float16 to float32";
    }
}
