package org.opensearch.clip.plugin.embed;

/**
 * One text or image of a request on its way through the stages: decoded and preprocessed (images), queued for a
 * model replica, encoded; it then reports its vector or its failure to its {@link Ticket}.
 */
final class WorkItem implements LaneQueue.Entry {
    final Ticket ticket;
    final int input;
    final int part;
    final String text;
    final ImageSource image;
    final long admittedNanos;
    /** The preprocessed image, once decoded; dropped when encoded. */
    float[] pixels;
    /** Whether the item holds one of its model's preprocessed-image slots. */
    boolean holdsSlot;
    /** Whether the item is counted as on its way to its model's queue (fetching or decoding, ingest lane). */
    boolean onTheWay;
    /** Model, version and the sha256 of the image bytes once they are known: the key of the cache and of de-duplication. */
    String contentKey;
    /** Whether other items with the same bytes may join this one while it is decoded and encoded. */
    boolean leadsContent;
    /** The image bytes fetched from a URL, until decoded. */
    byte[] fetched;
    /** The fetch stage whose slot the item holds while it is fetched and its bytes wait for decoding, or null. */
    FetchStage fetchSlot;

    /** Drops the fetched bytes and gives back the fetch slot they held (once). */
    void dropFetched() {
        fetched = null;
        FetchStage slot = fetchSlot;
        fetchSlot = null;
        if (slot != null) {
            slot.released();
        }
    }
    /** Items with the same image (value or bytes, same lane): they get this item's vector or failure. */
    final java.util.List<WorkItem> followers = new java.util.ArrayList<>(0);

    WorkItem(Ticket ticket, int input, int part, EmbeddingPart what, long admittedNanos) {
        this.ticket = ticket;
        this.input = input;
        this.part = part;
        this.text = what.text();
        this.image = what.image();
        this.admittedNanos = admittedNanos;
    }

    @Override
    public Lane lane() {
        return ticket.lane();
    }

    @Override
    public boolean isImage() {
        return image != null;
    }

    /** The model executor that encodes this item. */
    ModelExecutor executor() {
        return ticket.executor();
    }

    /** Whether the item waited past its deadline (admission + {@code clip.inference.queue_timeout}). */
    boolean expired(long now) {
        return now - ticket.deadlineNanos() > 0;
    }
}
