#pragma once

namespace zk {

// Registers the compiled-in resources (schema, personas, art). The resource
// object sits in a static library, where the linker would drop it unless
// something refers to it; calling this refers to it. Cheap and idempotent.
void ensureResources();

} // namespace zk
