import CofferKeys
