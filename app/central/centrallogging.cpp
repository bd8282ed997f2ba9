#include "central/centrallogging.h"

Q_LOGGING_CATEGORY(lcCentral, "zk.central")
