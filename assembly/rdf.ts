// g(r) pair histograms straight from the cell list (no neighbor list stored).
import { checkRange } from "./memory";
