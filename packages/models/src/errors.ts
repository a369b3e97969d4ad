// The error-code table of spec 01 section 7.2 (43 rows, as in the reference; it has no CCE.01429001).

/** One row of the CCE error-code table. */
export interface ErrorCodeInfo {
  readonly code: string;
  readonly httpStatus: number;
  /** The `errorMessage` the service sends. */
  readonly message: string;
  readonly description: string;
  /** What the reference advises doing about it. */
  readonly handling: string;
}

export const errorCodes: readonly ErrorCodeInfo[] = [
  { code: "CCE.01400001", httpStatus: 400, message: "Invalid request.", description: "Invalid request body.", handling: "Correct the request body using the returned message and the CCE API documentation, or contact technical support." },
  { code: "CCE.01400002", httpStatus: 400, message: "Subnet not found in the VPC.", description: "Subnet not found in the VPC.", handling: "Check that the subnet in the request body belongs to the corresponding VPC." },
  { code: "CCE.01400003", httpStatus: 400, message: "IPv6 not supported for the subnet.", description: "The subnet does not support IPv6.", handling: "Use a subnet that supports IPv6." },
  { code: "CCE.01400004", httpStatus: 400, message: "No available flavors for master nodes.", description: "No flavor available for master nodes.", handling: "Use another available cluster flavor, or contact technical support." },
  { code: "CCE.01400005", httpStatus: 400, message: "Container network CIDR blocks conflict.", description: "Container network CIDR conflict.", handling: "Check the container CIDR using the returned message." },
  { code: "CCE.01400006", httpStatus: 400, message: "Content type not supported.", description: "Invalid Content type.", handling: "Use a Content type supported by the CCE API documentation." },
  { code: "CCE.01400007", httpStatus: 400, message: "Insufficient cluster quota.", description: "Insufficient cluster quota.", handling: "Submit a service ticket to increase the cluster quota." },
  { code: "CCE.01400008", httpStatus: 400, message: "Insufficient server quota", description: "Insufficient ECS quota.", handling: "Submit a service ticket to increase the ECS quota." },
  { code: "CCE.01400009", httpStatus: 400, message: "Insufficient CPU quota.", description: "Insufficient ECS CPU quota.", handling: "Submit a service ticket to increase the ECS CPU quota." },
  { code: "CCE.01400010", httpStatus: 400, message: "Insufficient memory quota.", description: "Insufficient ECS memory quota.", handling: "Submit a service ticket to increase the ECS memory quota." },
  { code: "CCE.01400011", httpStatus: 400, message: "Insufficient security group quota.", description: "Insufficient security group quota.", handling: "Submit a service ticket to increase the security group quota." },
  { code: "CCE.01400012", httpStatus: 400, message: "Insufficient EIP quota.", description: "Insufficient EIP quota.", handling: "Submit a service ticket to increase the EIP quota." },
  { code: "CCE.01400013", httpStatus: 400, message: "Insufficient volume quota.", description: "Insufficient disk quota.", handling: "Using the returned message, submit a service ticket to increase the relevant disk quota." },
  { code: "CCE.01400014", httpStatus: 400, message: "Excessive nodes in the cluster.", description: "Node count exceeds the cluster scale limit.", handling: "Submit a service ticket to change the cluster flavor." },
  { code: "CCE.01400015", httpStatus: 400, message: "Version not supported.", description: "Unsupported cluster version.", handling: "Using the returned message, create a supported cluster version." },
  { code: "CCE.01400016", httpStatus: 400, message: "Current cluster type does not support this node flavor.", description: "The current cluster type does not support this node flavor.", handling: "Using the returned message, use a correct node flavor." },
  { code: "CCE.01400017", httpStatus: 400, message: "No available container CIDR block found.", description: "No available container CIDR found.", handling: "Using the returned message, use a correct container CIDR." },
  { code: "CCE.01400018", httpStatus: 400, message: "This type of OS cannot be created in this CCE version.", description: "The current CCE version does not support creating this OS type.", handling: "Using the returned message, use a supported OS." },
  { code: "CCE.01400019", httpStatus: 400, message: "Insufficient resource tenant quota.", description: "Insufficient resource-tenant quota.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.01400020", httpStatus: 400, message: "Insufficient VPC quota.", description: "Insufficient VPC quota.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.01400021", httpStatus: 400, message: "No available flavors for nodes.", description: "No flavor available for nodes.", handling: "Use another available node flavor, or contact technical support." },
  { code: "CCE.01400022", httpStatus: 400, message: "No available node volumes for nodes.", description: "No EVS volume type available for nodes.", handling: "Use another available EVS volume type, or contact technical support." },
  { code: "CCE.02400001", httpStatus: 400, message: "Invalid request.", description: "Invalid request body.", handling: "Correct the request body using the returned message and the CCE API documentation, or contact technical support." },
  { code: "CCE.03400001", httpStatus: 400, message: "Invalid request.", description: "Invalid request body.", handling: "Correct the request body using the returned message and the CCE API documentation, or contact technical support." },
  { code: "CCE.03400002", httpStatus: 400, message: "Missing access key.", description: "Access key missing.", handling: "Check that the storage add-on version being installed or upgraded is correct, or contact technical support." },
  { code: "CCE.01401001", httpStatus: 401, message: "Authorization failed.", description: "Authentication failed.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.02401001", httpStatus: 401, message: "Authorization failed.", description: "Authentication failed.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.03401001", httpStatus: 401, message: "Authorization failed.", description: "Authentication failed.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.01403001", httpStatus: 403, message: "Forbidden.", description: "Access forbidden.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.02403001", httpStatus: 403, message: "Forbidden.", description: "Access forbidden.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.03403001", httpStatus: 403, message: "Forbidden.", description: "Access forbidden.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.01404001", httpStatus: 404, message: "Resource not found.", description: "Resource not found.", handling: "Check whether the resource has been deleted." },
  { code: "CCE.02404001", httpStatus: 404, message: "Resource not found.", description: "Resource not found.", handling: "Check whether the resource has been deleted." },
  { code: "CCE.03404001", httpStatus: 404, message: "Resource not found.", description: "Resource not found.", handling: "Check whether the resource has been deleted." },
  { code: "CCE.01409001", httpStatus: 409, message: "The resource already exists.", description: "Resource already exists.", handling: "Delete the resource first, then create it." },
  { code: "CCE.01409002", httpStatus: 409, message: "Resource updated with out-of-date version.", description: "The version of the resource being updated is out of date.", handling: "Make sure the resource being updated is the latest version, or contact technical support." },
  { code: "CCE.02409001", httpStatus: 409, message: "The resource already exists.", description: "Resource already exists.", handling: "Delete the resource first, then create it." },
  { code: "CCE.03409001", httpStatus: 409, message: "Addon instance has installed.", description: "Add-on instance already installed.", handling: "Delete the add-on instance first, then install it." },
  { code: "CCE.01429002", httpStatus: 429, message: "Resource locked by other requests.", description: "Resource locked by other requests.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.02429001", httpStatus: 429, message: "The throttling threshold has been reached.", description: "Maximum request limit reached.", handling: "Send requests less often, or contact technical support." },
  { code: "CCE.01500001", httpStatus: 500, message: "Internal error.", description: "Internal error.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.02500001", httpStatus: 500, message: "Internal error.", description: "Internal error.", handling: "See the returned message, or contact technical support." },
  { code: "CCE.03500001", httpStatus: 500, message: "Internal error.", description: "Internal error.", handling: "See the returned message, or contact technical support." },
];

const byCode = new Map(errorCodes.map((e) => [e.code, e]));

/** Looks up a CCE error code (`CCE.01404001`); undefined for codes outside the table (e.g. `APIGW.*`). */
export function findErrorCode(code: string): ErrorCodeInfo | undefined {
  return byCode.get(code.trim());
}
