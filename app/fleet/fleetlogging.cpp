#include "fleet/fleetlogging.h"

Q_LOGGING_CATEGORY(lcFleet, "zk.fleet")
