// Insert-or-reread: a row that concurrent requests (or servers) may both try to create. The loser of the
// race gets the unique violation from the database; it answers the winner's row instead.

/** The row `read` finds, else the row `insert` writes, else (a concurrent insert won) the row it wrote. */
export async function insertOrReread<T>(read: () => Promise<T | undefined>, insert: () => Promise<T>): Promise<T> {
  const existing = await read();
  if (existing !== undefined) return existing;
  try {
    return await insert();
  } catch (error) {
    const raced = await read();
    if (raced !== undefined) return raced;
    throw error;
  }
}
